WITH
  sales AS (
    SELECT
      CAST(`sale_date` AS DATE) AS sale_day,
      NULLIF(CAST(`customer_key` AS STRING), '') AS customer_key,
      CAST(`amount` AS FLOAT64) AS amount,
      NULLIF(CAST(`order_id` AS STRING), '') AS order_id,
      NULLIF(CAST(`product` AS STRING), '') AS product,
      NULLIF(CAST(`email` AS STRING), '') AS email,
      NULLIF(CAST(`referrer` AS STRING), '') AS referrer,
      COALESCE(NULLIF(CAST(`customer_name` AS STRING), ''), NULLIF(CAST(`customer_key` AS STRING), '')) AS customer_name,
      COALESCE(CAST(`line_amount` AS FLOAT64), CAST(`amount` AS FLOAT64)) AS line_amount,
      CAST(`row_no` AS INT64) AS row_no
    FROM `my-shop-project.shop_sales.sales_lines`
    WHERE CAST(`sale_date` AS DATE) <= CAST(@as_of AS DATE) AND CAST(`amount` AS FLOAT64) IS NOT NULL
  ),
  named AS (
    SELECT * FROM sales WHERE customer_key IS NOT NULL
  ),
  visits AS (
    SELECT customer_key, MIN(sale_day) AS visit_day, SUM(amount) AS visit_revenue, MIN(row_no) AS visit_row
    FROM (SELECT customer_key, sale_day, amount, row_no,
            CASE WHEN order_id IS NULL THEN CONCAT('d', CAST(sale_day AS STRING)) ELSE CONCAT('o', order_id) END AS visit_key
          FROM named WHERE amount > 0) AS paid
    GROUP BY customer_key, visit_key
  ),
  visit_days AS (
    SELECT DISTINCT customer_key, visit_day FROM visits
  ),
  day_gaps AS (
    SELECT customer_key, visit_day,
      ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY visit_day) AS day_no,
      DATE_DIFF(visit_day, LAG(visit_day) OVER (PARTITION BY customer_key ORDER BY visit_day), DAY) AS gap
    FROM visit_days
  ),
  own_intervals AS (
    SELECT customer_key, FLOOR(AVG(v) + 0.5) AS median_days FROM (SELECT customer_key, gap AS v, ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY gap) AS i, COUNT(*) OVER (PARTITION BY customer_key) AS m FROM day_gaps WHERE gap IS NOT NULL) AS ranked WHERE i = FLOOR((m + 1) / 2) OR i = FLOOR(m / 2) + 1 GROUP BY customer_key
  ),
  shop_gap AS (
    SELECT FLOOR(AVG(v) + 0.5) AS median_days FROM (SELECT gap AS v, ROW_NUMBER() OVER (ORDER BY gap) AS i, COUNT(*) OVER () AS m FROM day_gaps WHERE day_no = 2) AS ranked WHERE i = FLOOR((m + 1) / 2) OR i = FLOOR(m / 2) + 1
  ),
  visit_totals AS (
    SELECT customer_key, COUNT(*) AS visits, MIN(visit_day) AS first_day, MAX(visit_day) AS last_day
    FROM visits GROUP BY customer_key
  ),
  sums AS (
    SELECT customer_key, MIN(row_no) AS first_row, MIN(sale_day) AS first_seen, SUM(amount) AS revenue_raw,
      SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS paid_total
    FROM named GROUP BY customer_key
  ),
  names AS (
    SELECT customer_key, customer_name FROM (
      SELECT customer_key, customer_name,
        ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY row_no, sale_day, customer_name) AS k
      FROM named) AS n WHERE k = 1
  ),
  emails AS (
    SELECT customer_key, email FROM (
      SELECT customer_key, email,
        ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY sale_day DESC, row_no DESC, email DESC) AS k
      FROM named WHERE email IS NOT NULL) AS e WHERE k = 1
  ),
  top_products AS (
    SELECT customer_key, product FROM (
      SELECT customer_key, product,
        ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY COUNT(*) DESC, SUM(line_amount) DESC, product) AS k
      FROM named WHERE product IS NOT NULL AND line_amount > 0
      GROUP BY customer_key, product) AS t WHERE k = 1
  ),
  referrals AS (
    SELECT referrer AS customer_key, COUNT(DISTINCT customer_key) AS referrals
    FROM named WHERE referrer IS NOT NULL AND referrer <> customer_key GROUP BY referrer
  ),
  shop AS (
    SELECT COUNT(*) AS visit_count, COALESCE(SUM(visit_revenue), 0) AS paid_sum FROM visits
  ),
  spend AS (
    SELECT visit_count, paid_sum, CAST(@spend_multiple AS FLOAT64) * (CASE WHEN visit_count > 0 THEN paid_sum / visit_count ELSE 0 END) AS spend_line FROM shop
  ),
  measured AS (
    SELECT s.customer_key, nm.customer_name, em.email, COALESCE(vt.visits, 0) AS visits,
      vt.first_day, vt.last_day, s.first_row, s.first_seen,
      DATE_DIFF(CAST(@as_of AS DATE), vt.last_day, DAY) AS days_since_last,
      DATE_DIFF(vt.last_day, vt.first_day, DAY) AS tenure_days,
      s.revenue_raw, FLOOR(s.revenue_raw * 100 + 0.5) / 100 AS revenue, s.paid_total,
      CASE WHEN vt.visits > 0 THEN FLOOR(s.paid_total / vt.visits * 100 + 0.5) / 100 END AS average_order,
      tp.product AS top_product, COALESCE(r.referrals, 0) AS referrals,
      CASE WHEN vt.visits > 0 THEN CAST(COALESCE(oi.median_days, sg.median_days) AS INT64) END AS usual_interval,
      sp.spend_line
    FROM sums AS s
    JOIN names AS nm ON nm.customer_key = s.customer_key
    LEFT JOIN emails AS em ON em.customer_key = s.customer_key
    LEFT JOIN visit_totals AS vt ON vt.customer_key = s.customer_key
    LEFT JOIN top_products AS tp ON tp.customer_key = s.customer_key
    LEFT JOIN referrals AS r ON r.customer_key = s.customer_key
    LEFT JOIN own_intervals AS oi ON oi.customer_key = s.customer_key
    CROSS JOIN shop_gap AS sg
    CROSS JOIN spend AS sp
  ),
  labelled AS (
    SELECT m.*,
      CASE WHEN visits <= 0 THEN 'prospect'
        WHEN visits >= CAST(@fan_visits AS INT64) OR referrals >= CAST(@fan_referrals AS INT64) THEN 'fan'
        WHEN visits >= CAST(@repeat_visits AS INT64) THEN 'repeat' ELSE 'new' END AS stage,
      CASE WHEN visits <= 0 THEN NULL
        WHEN days_since_last >= CAST(@lapsed_days AS INT64) THEN 'lapsed'
        WHEN days_since_last >= CAST(@at_risk_days AS INT64) THEN 'at_risk' ELSE 'active' END AS status,
      CASE WHEN visits <= 0 THEN NULL ELSE CONCAT(
        CASE WHEN visits <= 1 THEN 'first'
          WHEN tenure_days < CAST(@cpm_tenure_days AS INT64) THEN 'toddler'
          WHEN revenue_raw < spend_line THEN 'steady'
          WHEN tenure_days < CAST(@cpm_loyal_tenure_days AS INT64) THEN 'trendy' ELSE 'loyal' END,
        CASE WHEN days_since_last >= CAST(@lapsed_days AS INT64) THEN '_lapsed' ELSE '' END) END AS segment
    FROM measured AS m
  ),
  customers AS (
    SELECT l.*,
      DATE_ADD(l.last_day, INTERVAL l.usual_interval DAY) AS expected_next,
      CASE WHEN l.usual_interval IS NOT NULL THEN GREATEST(0, DATE_DIFF(CAST(@as_of AS DATE), DATE_ADD(l.last_day, INTERVAL l.usual_interval DAY), DAY)) END AS days_overdue,
      COALESCE(vr.vip_rank <= LEAST(vr.paying, CAST(CEIL(vr.paying * CAST(@vip_share AS FLOAT64) - 1e-9) AS INT64)), FALSE) AS vip
    FROM labelled AS l
    LEFT JOIN (
      SELECT customer_key, ROW_NUMBER() OVER (ORDER BY revenue DESC, first_row, first_seen, customer_key) AS vip_rank,
        COUNT(*) OVER () AS paying
      FROM labelled WHERE visits > 0) AS vr ON vr.customer_key = l.customer_key
  )
SELECT customer_key, customer_name AS customer, email, stage, status, segment, visits, first_day AS first_purchase, last_day AS last_purchase, days_since_last, usual_interval, expected_next, days_overdue, tenure_days, revenue, average_order, top_product, referrals, vip, FLOOR(paid_total * 100 + 0.5) / 100 AS paid_total, first_seen
FROM customers
ORDER BY first_row, first_seen, customer_key
