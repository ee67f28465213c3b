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
    // A customer (no partner level), a term that ends after it starts, two different contacts.
    examples: {
      request: {
        number: 'OF-2026-0142',
        organization: { name: 'Acme Hosting GmbH', kind: 'customer' },
        subscription: {
          tier: 'advanced',
          servers: 40,
          termStart: '2027-01-01',
          termEnd: '2027-12-31',
          currency: 'EUR',
        },
        mainContact: { name: 'Martina Keller', email: 'martina.keller@acme.example' },
        administrativeContact: { name: 'Jonas Weber', email: 'jonas.weber@acme.example' },
      },
    },
    access: { permission: 'order_form:process:any' },
    tags: ['back office'],
    summary: 'Process an Order Form: organization, subscription, main contact, welcome emails',
    description:
      'Idempotent on the Order Form number: the same form again answers 200 with what was created; ' +
      'another form under a processed number answers 409.',
  }),
};
