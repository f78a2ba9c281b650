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
  ),
  visit_seq AS (
    SELECT customer_key, visit_day, visit_revenue,
      ROW_NUMBER() OVER (PARTITION BY customer_key ORDER BY visit_day, visit_row) AS visit_no
    FROM visits
  ),
  buyers AS (
    SELECT c.*, DATE_DIFF(sv.visit_day, c.first_day, DAY) AS second_gap
    FROM customers AS c LEFT JOIN visit_seq AS sv ON sv.customer_key = c.customer_key AND sv.visit_no = 2
    WHERE c.visits > 0
  ),
  vip_gaps AS (
    SELECT DATE_DIFF(vs.visit_day, LAG(vs.visit_day) OVER (PARTITION BY vs.customer_key ORDER BY vs.visit_no), DAY) AS gap
    FROM visit_seq AS vs JOIN customers AS c ON c.customer_key = vs.customer_key WHERE c.vip
  ),
  vip_products AS (
    SELECT product, revenue FROM (
      SELECT n.product, SUM(n.line_amount) AS revenue, ROW_NUMBER() OVER (ORDER BY SUM(n.line_amount) DESC, n.product) AS k
      FROM named AS n JOIN customers AS c ON c.customer_key = n.customer_key
      WHERE c.vip AND n.product IS NOT NULL AND n.line_amount > 0 GROUP BY n.product) AS t
    WHERE k <= 5
  ),
  anonymous AS (
    SELECT sale_day, amount,
      amount > 0 AND (order_id IS NULL OR first_of_order = 1) AS is_visit
    FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY order_id ORDER BY row_no, sale_day) AS first_of_order FROM sales) AS s
    WHERE customer_key IS NULL AND sale_day <= CAST(@as_of AS DATE)
  )
SELECT 'first_visit_revenue' AS figure, CAST('month' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN visit_day >= CAST(@month_start AS DATE) AND visit_no = 1 THEN visit_revenue ELSE 0 END), 0) AS FLOAT64) AS value FROM visit_seq
UNION ALL
SELECT 'first_visit_revenue' AS figure, CAST('12m' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN visit_day >= CAST(@year_start AS DATE) AND visit_no = 1 THEN visit_revenue ELSE 0 END), 0) AS FLOAT64) AS value FROM visit_seq
UNION ALL
SELECT 'repeat_visit_revenue' AS figure, CAST('month' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN visit_day >= CAST(@month_start AS DATE) AND visit_no > 1 THEN visit_revenue ELSE 0 END), 0) AS FLOAT64) AS value FROM visit_seq
UNION ALL
SELECT 'repeat_visit_revenue' AS figure, CAST('12m' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN visit_day >= CAST(@year_start AS DATE) AND visit_no > 1 THEN visit_revenue ELSE 0 END), 0) AS FLOAT64) AS value FROM visit_seq
UNION ALL
SELECT 'customers_with_visit' AS figure, CAST('' AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'active_this_month' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN last_day >= CAST(@month_start AS DATE) THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'f2_first_buyers' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN first_day >= CAST(@f2_from AS DATE) AND first_day <= CAST(@f2_to AS DATE) THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'f2_converted' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN first_day >= CAST(@f2_from AS DATE) AND first_day <= CAST(@f2_to AS DATE) AND second_gap <= 90 THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'new_customers' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN first_day >= CAST(@new_from AS DATE) THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'new_returned' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN first_day >= CAST(@new_from AS DATE) AND visits >= 2 THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'vip_count' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN vip THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'vip_revenue' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN vip THEN revenue ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'paying_revenue' AS figure, CAST('' AS STRING) AS item, CAST(COALESCE(SUM(revenue), 0) AS FLOAT64) AS value FROM buyers
UNION ALL
SELECT 'cohort_first_buyers' AS figure, CAST(CAST(DATE_TRUNC(first_day, MONTH) AS STRING) AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM buyers WHERE first_day >= CAST(@cohort_start AS DATE) GROUP BY CAST(DATE_TRUNC(first_day, MONTH) AS STRING)
UNION ALL
SELECT 'cohort_within_30' AS figure, CAST(CAST(DATE_TRUNC(first_day, MONTH) AS STRING) AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN second_gap <= 30 THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers WHERE first_day >= CAST(@cohort_start AS DATE) GROUP BY CAST(DATE_TRUNC(first_day, MONTH) AS STRING)
UNION ALL
SELECT 'cohort_within_60' AS figure, CAST(CAST(DATE_TRUNC(first_day, MONTH) AS STRING) AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN second_gap <= 60 THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers WHERE first_day >= CAST(@cohort_start AS DATE) GROUP BY CAST(DATE_TRUNC(first_day, MONTH) AS STRING)
UNION ALL
SELECT 'cohort_within_90' AS figure, CAST(CAST(DATE_TRUNC(first_day, MONTH) AS STRING) AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN second_gap <= 90 THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM buyers WHERE first_day >= CAST(@cohort_start AS DATE) GROUP BY CAST(DATE_TRUNC(first_day, MONTH) AS STRING)
UNION ALL
SELECT 'vip_median_interval' AS figure, CAST('' AS STRING) AS item, CAST(AVG(v) AS FLOAT64) AS value FROM (SELECT gap AS v, ROW_NUMBER() OVER (ORDER BY gap) AS i, COUNT(*) OVER () AS m
        FROM vip_gaps WHERE gap IS NOT NULL) AS g WHERE i = FLOOR((m + 1) / 2) OR i = FLOOR(m / 2) + 1
UNION ALL
SELECT 'vip_product' AS figure, CAST(product AS STRING) AS item, CAST(revenue AS FLOAT64) AS value FROM vip_products
UNION ALL
SELECT 'stage_count' AS figure, CAST(stage AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM customers WHERE TRUE GROUP BY stage
UNION ALL
SELECT 'status_count' AS figure, CAST(status AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM customers WHERE status IS NOT NULL GROUP BY status
UNION ALL
SELECT 'segment_count' AS figure, CAST(segment AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM customers WHERE segment IS NOT NULL GROUP BY segment
UNION ALL
SELECT 'revenue_by_stage' AS figure, CAST(stage AS STRING) AS item, CAST(SUM(revenue) AS FLOAT64) AS value FROM customers WHERE TRUE GROUP BY stage
UNION ALL
SELECT 'stage_status_count' AS figure, CAST(CONCAT(stage, '.', COALESCE(status, 'none')) AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM customers GROUP BY CONCAT(stage, '.', COALESCE(status, 'none'))
UNION ALL
SELECT 'anonymous_rows' AS figure, CAST('' AS STRING) AS item, CAST(COUNT(*) AS FLOAT64) AS value FROM anonymous
UNION ALL
SELECT 'anonymous_visits' AS figure, CAST('month' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN sale_day >= CAST(@month_start AS DATE) AND is_visit THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM anonymous
UNION ALL
SELECT 'anonymous_visits' AS figure, CAST('12m' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN sale_day >= CAST(@year_start AS DATE) AND is_visit THEN 1 ELSE 0 END), 0) AS FLOAT64) AS value FROM anonymous
UNION ALL
SELECT 'anonymous_revenue' AS figure, CAST('month' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN sale_day >= CAST(@month_start AS DATE) AND TRUE THEN amount ELSE 0 END), 0) AS FLOAT64) AS value FROM anonymous
UNION ALL
SELECT 'anonymous_revenue' AS figure, CAST('12m' AS STRING) AS item, CAST(COALESCE(SUM(CASE WHEN sale_day >= CAST(@year_start AS DATE) AND TRUE THEN amount ELSE 0 END), 0) AS FLOAT64) AS value FROM anonymous
UNION ALL
SELECT 'shop_average_order' AS figure, CAST('' AS STRING) AS item, CAST(CASE WHEN visit_count > 0 THEN paid_sum / visit_count ELSE 0 END AS FLOAT64) AS value FROM spend
UNION ALL
SELECT 'spend_line' AS figure, CAST('' AS STRING) AS item, CAST(spend_line AS FLOAT64) AS value FROM spend
UNION ALL
SELECT 'first_repeat_gap' AS figure, CAST('' AS STRING) AS item, CAST(median_days AS FLOAT64) AS value FROM shop_gap
