-- Synthetic customers and orders for the analytics benchmark (bench/analytics.sh).
-- psql variables: customers (count), lines (average order lines per customer).
\set ON_ERROR_STOP on
\timing on
CREATE TEMP TABLE bench_prod AS
SELECT array_agg(pp.id ORDER BY pp.id) AS ids, array_agg(pt.uom_id ORDER BY pp.id) AS uoms,
       array_agg(GREATEST(pt.list_price, 50000) ORDER BY pp.id) AS prices
  FROM product_product pp JOIN product_template pt ON pt.id = pp.product_tmpl_id
 WHERE pp.active AND pt.sale_ok AND pt.uom_id IS NOT NULL;

CREATE TEMP TABLE bench_partner AS
WITH ins AS (
    INSERT INTO res_partner (name, complete_name, active, type, is_company, autopost_bills,
                             lang, create_date, write_date)
    SELECT 'Khách thử tải ' || g, 'Khách thử tải ' || g, true, 'contact', false, 'ask',
           'vi_VN', now(), now()
      FROM generate_series(1, :customers) g
    RETURNING id
) SELECT id FROM ins;
UPDATE res_partner p SET commercial_partner_id = p.id FROM bench_partner b WHERE b.id = p.id;

-- Orders per customer: exponential around lines/2 (two lines an order on average);
-- dates over two years, 10 % cancelled, a channel each.
CREATE TEMP TABLE bench_order AS
WITH ins AS (
    INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                            company_id, currency_id, date_order, state, picking_policy,
                            currency_rate, ecrm_sales_channel, amount_untaxed, amount_tax,
                            amount_total, create_date, write_date)
    SELECT 'BENCH-' || b.id || '-' || k, b.id, b.id, b.id, c.id, c.currency_id,
           now() - random() * interval '730 days',
           CASE WHEN random() < 0.9 THEN 'sale' ELSE 'cancel' END, 'direct', 1,
           (ARRAY['store', 'web', 'phone', 'marketplace', 'facebook', 'api'])
               [1 + floor(random() * 6)::int],
           0, 0, 0, now(), now()
      FROM bench_partner b
      CROSS JOIN (SELECT id, currency_id FROM res_company ORDER BY id LIMIT 1) c
      CROSS JOIN LATERAL generate_series(
          1, 1 + floor(-ln(1 - random()) * (:lines / 2.0 - 1) + 0 * b.id)::int) k
    RETURNING id, partner_id
) SELECT id, partner_id FROM ins;

-- 1 to 3 lines an order; each customer prefers a neighbourhood of products so
-- that co-purchases exist.
INSERT INTO sale_order_line (order_id, product_id, name, product_uom_qty, product_uom,
                             price_unit, discount, price_subtotal, price_total,
                             customer_lead, company_id, create_date, write_date)
SELECT o.id, p.ids[i], 'Bench', 1, p.uoms[i], p.prices[i], d, p.prices[i] * (1 - d / 100),
       p.prices[i] * (1 - d / 100), 0, (SELECT id FROM res_company ORDER BY id LIMIT 1),
       now(), now()
  FROM bench_order o
 CROSS JOIN bench_prod p
 CROSS JOIN LATERAL generate_series(1, 1 + floor(random() * 3 + 0 * o.id)::int) j
 CROSS JOIN LATERAL (
     SELECT 1 + ((o.partner_id * 7 + floor(random() * 5 + 0 * j)::int)
                 % array_length(p.ids, 1)) AS i,
            CASE WHEN random() < 0.2 THEN 10 ELSE 0 END AS d
 ) x;

UPDATE sale_order so SET amount_untaxed = s.total, amount_total = s.total
  FROM (SELECT l.order_id, sum(l.price_subtotal) AS total
          FROM sale_order_line l JOIN bench_order o ON o.id = l.order_id
         GROUP BY l.order_id) s
 WHERE so.id = s.order_id;
ANALYZE res_partner;
ANALYZE sale_order;
ANALYZE sale_order_line;
SELECT count(*) AS customers FROM bench_partner;
SELECT count(*) AS orders FROM bench_order;
SELECT count(*) AS lines FROM sale_order_line l JOIN bench_order o ON o.id = l.order_id;
