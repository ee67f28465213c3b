import type { Ticket } from '@portals/domain';
import { Button, FormError, useProducts, useToast } from '@portals/web-ui';
import { useId, useState } from 'react';
import { useChangeTicketProduct } from '../api/change-ticket-product';

/** Files the ticket under another product, component or version of the vendor's catalogue. */
export function ProductControl({ ticket }: { ticket: Ticket }) {
  const products = useProducts();
  const change = useChangeTicketProduct();
  const { showToast } = useToast();
  const productId = useId();
  const componentId = useId();
  const versionId = useId();
  const [choice, setChoice] = useState({
    productId: ticket.product.id,
    componentId: ticket.component?.id ?? null,
    versionId: ticket.version?.id ?? null,
  });
  if (products.isPending) return <p role="status">Loading the products…</p>;
  if (products.isError) return <FormError error={products.error} />;
  const product = products.data.items.find((item) => item.id === choice.productId);
  return (
    <form
      className="ticket-control"
      aria-label="Change the product"
      onSubmit={(event) => {
        event.preventDefault();
        change.mutate(
          { ticketId: ticket.id, change: choice },
          {
            onSuccess: () =>
              showToast(`#${ticket.number} is filed under ${product?.name ?? 'its new product'}.`),
          },
        );
      }}
    >
      <label htmlFor={productId}>Product</label>{' '}
      <select
        id={productId}
        value={choice.productId}
        onChange={(event) => setChoice({ productId: event.target.value, componentId: null, versionId: null })}
      >
        {products.data.items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={componentId}>Component</label>{' '}
      <select
        id={componentId}
        value={choice.componentId ?? ''}
        onChange={(event) => setChoice({ ...choice, componentId: event.target.value || null })}
      >
        <option value="">None</option>
        {product?.components.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </select>{' '}
      <label htmlFor={versionId}>Version</label>{' '}
      <select
        id={versionId}
        value={choice.versionId ?? ''}
        onChange={(event) => setChoice({ ...choice, versionId: event.target.value || null })}
      >
        <option value="">None</option>
        {product?.versions.map((item) => (
          <option key={item.id} value={item.id}>
            {item.name}
          </option>
        ))}
      </select>{' '}
      <Button type="submit" busy={change.isPending} busyLabel="Saving…">
        Change product
      </Button>
      {change.error ? <FormError error={change.error} /> : null}
    </form>
  );
}
