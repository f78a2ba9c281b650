-- bigquery-segments.sql's WITH list, to `customers` included, then:
,
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
