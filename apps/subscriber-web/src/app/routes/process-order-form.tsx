import { PageTitle } from '@portals/web-ui';
import { ProcessOrderFormForm } from '../../features/order-forms/components/process-order-form-form';

export function ProcessOrderFormRoute() {
  return (
    <section className="page">
      <PageTitle>Process an Order Form</PageTitle>
      <h1>Process an Order Form</h1>
      <p className="muted">
        Transcribe a signed Order Form: this creates the organization, its subscription and main contact, and
        sends the Welcome email, with the one set-your-password link, and the Support Welcome email.
      </p>
      <ProcessOrderFormForm />
    </section>
  );
}
