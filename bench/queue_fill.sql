-- Fill the telesales queue with copies of waiting orders, for the queue benchmark:
--   psql ecrm -v n=100000 -f bench/queue_fill.sql
-- Copies only the order header (enough for the queue list); delete them with
--   DELETE FROM sale_order WHERE ecrm_source = 'bench-queue';
INSERT INTO sale_order (
    name, partner_id, partner_invoice_id, partner_shipping_id, company_id,
    currency_id, pricelist_id, warehouse_id, picking_policy, date_order, state, amount_total, amount_untaxed,
    amount_tax, ecrm_sales_channel, ecrm_telesales_state, ecrm_source,
    ecrm_external_id, create_date, write_date, create_uid, write_uid
)
SELECT 'BQ' || g, o.partner_id, o.partner_invoice_id, o.partner_shipping_id,
       o.company_id, o.currency_id, o.pricelist_id, o.warehouse_id, o.picking_policy,
       now() - (g || ' minutes')::interval, 'draft', o.amount_total,
       o.amount_untaxed, o.amount_tax, 'web', 'to_call', 'bench-queue',
       'BQ-' || g, now(), now(), 1, 1
  FROM generate_series(1, :n) g
  CROSS JOIN LATERAL (
      SELECT * FROM sale_order WHERE ecrm_telesales_state = 'to_call' LIMIT 1
  ) o;
ANALYZE sale_order;
