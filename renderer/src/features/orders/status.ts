import type { OrderStatusCode } from '../../../../shared/schemas/orders';

/** Tag colour per order status (list and editor). */
export const STATUS_COLOR: Record<OrderStatusCode, string> = {
  draft: 'default',
  confirmed: 'blue',
  partly_shipped: 'cyan',
  shipped: 'geekblue',
  invoiced: 'purple',
  closed: 'green',
  cancelled: 'red',
};
