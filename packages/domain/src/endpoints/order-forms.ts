import { defineEndpoint } from '../endpoint';
import { OrderFormRequest, OrderFormResult } from '../schemas/order-form';

export const orderFormEndpoints = {
  process: defineEndpoint({
    method: 'POST',
    path: '/v1/order-forms',
    idempotent: true,
    body: OrderFormRequest,
    // 201 when it created the organization, 200 when the same form came again.
    response: { 200: OrderFormResult, 201: OrderFormResult },
    access: { permission: 'order_form:process:any' },
    tags: ['back office'],
    summary: 'Process an Order Form: organization, subscription, main contact, welcome emails',
    description:
      'Idempotent on the Order Form number: the same form again answers 200 with what was created; ' +
      'another form under a processed number answers 409.',
  }),
};
