import { ApiError } from '@portals/api-client';
import { Email, SignInRequest } from '@portals/domain';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Button } from './button';
import { ConfirmDialog } from './confirm-dialog';
import { Dialog } from './dialog';
import { CheckboxField, SelectField, TextAreaField, TextField } from './form-fields';
import { Table, type TableColumn, type TableState } from './table';
import { Toaster, useToast } from './toaster';
import { setServerFieldErrors, useZodForm } from './use-zod-form';

describe('Button', () => {
  it('does not submit a form unless asked to, and cannot be pressed while busy', () => {
    const submit = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    const { rerender } = render(
      <form onSubmit={submit}>
        <Button>Preview</Button>
      </form>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));
    expect(submit).not.toHaveBeenCalled();

    rerender(
      <form onSubmit={submit}>
        <Button type="submit" busy busyLabel="Saving…">
          Save
        </Button>
      </form>,
    );
    const busy = screen.getByRole('button', { name: 'Saving…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(busy.hasAttribute('disabled')).toBe(true);
  });
});

interface Person {
  id: string;
  name: string;
  servers: number;
}

const columns: TableColumn<Person>[] = [
  { key: 'name', header: 'Name', cell: (person) => person.name, rowHeader: true },
  { key: 'servers', header: 'Servers', cell: (person) => person.servers, numeric: true },
];

const renderTable = (state: TableState<Person>, extra: Partial<Parameters<typeof Table<Person>>[0]> = {}) =>
  render(
    <Table
      caption="People"
      columns={columns}
      rowKey={(person) => person.id}
      state={state}
      loadingMessage="Loading the people…"
      errorSummary="The people could not be loaded."
      empty={{ message: 'Nobody here yet.', action: <Button>Invite someone</Button> }}
      {...extra}
    />,
  );

function Selectable() {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  return (
    <>
      <Table
        caption="People"
        columns={columns}
        rowKey={(person) => person.id}
        state={{
          status: 'data',
          rows: [
            { id: '1', name: 'Ada', servers: 3 },
            { id: '2', name: 'Grace', servers: 12 },
          ],
        }}
        errorSummary="The people could not be loaded."
        empty={{ message: 'Nobody here yet.' }}
        selection={{ selected, onChange: setSelected, rowLabel: (person) => person.name }}
      />
      <p>{selected.size} chosen</p>
    </>
  );
}

describe('Table', () => {
  it('says it is loading, busy, until the rows come', () => {
    renderTable({ status: 'loading' });
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Loading the people…');
    expect(status.getAttribute('aria-busy')).toBe('true');
  });

  it('shows the empty message and what to do about it', () => {
    renderTable({ status: 'data', rows: [] });
    expect(screen.getByText('Nobody here yet.')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Invite someone' })).toBeDefined();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it("shows why it failed, and 'Try again' asks again", () => {
    const retry = vi.fn();
    renderTable({
      status: 'error',
      error: new ApiError({
        kind: 'network',
        status: 0,
        code: 'internal_error',
        title: 'The server cannot be reached',
      }),
      retry,
    });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('The people could not be loaded.');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('lists the rows in a scrolling wrapper, with "Load more" while there are more pages', () => {
    const fetchNextPage = vi.fn(async () => undefined);
    renderTable(
      {
        status: 'data',
        rows: [
          { id: '1', name: 'Ada', servers: 3 },
          { id: '2', name: 'Grace', servers: 12 },
        ],
      },
      {
        pages: {
          query: {
            hasNextPage: true,
            isFetchingNextPage: false,
            isFetchNextPageError: false,
            error: null,
            fetchNextPage,
          },
          failureSummary: 'More people could not be loaded.',
        },
      },
    );
    const table = screen.getByRole('table', { name: 'People' });
    expect(table.parentElement?.className).toBe('table-scroll');
    expect(within(table).getByRole('rowheader', { name: 'Grace' })).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(fetchNextPage).toHaveBeenCalledTimes(1);
  });

  it("labels each cell with its column's header for the stacked cards on phones, the row header and actions as they are", () => {
    render(
      <Table
        caption="People"
        columns={[
          ...columns,
          {
            key: 'role',
            header: <abbr title="Their role">Role</abbr>,
            label: 'Role',
            cell: () => 'Engineer',
          },
          {
            key: 'actions',
            header: <span className="visually-hidden">Actions</span>,
            cell: (person) => <Button>Remove {person.name}</Button>,
          },
        ]}
        rowKey={(person) => person.id}
        state={{ status: 'data', rows: [{ id: '1', name: 'Ada', servers: 3 }] }}
        errorSummary="The people could not be loaded."
        empty={{ message: 'Nobody here yet.' }}
      />,
    );
    const table = screen.getByRole('table', { name: 'People' });
    expect(table.classList.contains('table-stack')).toBe(true);
    const row = within(table).getAllByRole('row')[1];
    if (!row) throw new Error('no row');
    const rowHeader = within(row).getByRole('rowheader', { name: 'Ada' });
    expect(rowHeader.hasAttribute('data-label')).toBe(false);
    const cells = within(row).getAllByRole('cell');
    expect(cells.map((cell) => cell.getAttribute('data-label'))).toEqual(['Servers', 'Role', null]);
    expect(cells.map((cell) => cell.textContent)).toEqual(['3', 'Engineer', 'Remove Ada']);
    expect(within(row).getByRole('button', { name: 'Remove Ada' })).toBeDefined();
  });

  it('is a named region in the tab order only while it scrolls sideways', () => {
    let observed: ResizeObserverCallback = () => undefined;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: ResizeObserverCallback) {
          observed = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    renderTable({ status: 'data', rows: [{ id: '1', name: 'Ada', servers: 3 }] });
    const wrapper = screen.getByRole('table', { name: 'People' }).parentElement;
    if (!wrapper) throw new Error('no wrapper');
    expect(wrapper.hasAttribute('tabindex')).toBe(false);
    expect(screen.queryByRole('region')).toBeNull();

    // The window narrows: the table is now wider than its wrapper.
    Object.defineProperty(wrapper, 'scrollWidth', { configurable: true, value: 800 });
    Object.defineProperty(wrapper, 'clientWidth', { configurable: true, value: 350 });
    act(() => observed([], {} as ResizeObserver));
    const region = screen.getByRole('region', { name: 'People' });
    expect(region).toBe(wrapper);
    expect(region.getAttribute('tabindex')).toBe('0');

    Object.defineProperty(wrapper, 'scrollWidth', { configurable: true, value: 350 });
    act(() => observed([], {} as ResizeObserver));
    expect(screen.queryByRole('region')).toBeNull();
    expect(wrapper.hasAttribute('tabindex')).toBe(false);
  });

  it('lets rows be chosen one by one or all at once for bulk actions', () => {
    render(<Selectable />);
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Grace' }));
    expect(screen.getByText('1 chosen')).toBeDefined();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all rows' }));
    expect(screen.getByText('2 chosen')).toBeDefined();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all rows' }));
    expect(screen.getByText('0 chosen')).toBeDefined();
  });
});

function DialogHarness({ action }: { action: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Decline the request</Button>
      <ConfirmDialog
        open={open}
        title="Decline this request?"
        confirmLabel="Decline"
        busyLabel="Declining…"
        variant="danger"
        onConfirm={action}
        onClose={() => setOpen(false)}
      >
        <p>The person who asked is told by email.</p>
      </ConfirmDialog>
    </>
  );
}

describe('ConfirmDialog', () => {
  it('does nothing when cancelled, with the button or with Escape', () => {
    const action = vi.fn(async () => undefined);
    render(<DialogHarness action={action} />);

    fireEvent.click(screen.getByRole('button', { name: 'Decline the request' }));
    const dialog = screen.getByRole('dialog', { name: 'Decline this request?' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Decline the request' }));
    fireEvent(screen.getByRole('dialog'), new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(action).not.toHaveBeenCalled();
  });

  it('runs the action once, busy meanwhile, and closes when it is done', async () => {
    let finish: () => void = () => undefined;
    const action = vi.fn(
      () =>
        new Promise<void>((resolve) => {
          finish = resolve;
        }),
    );
    render(<DialogHarness action={action} />);

    fireEvent.click(screen.getByRole('button', { name: 'Decline the request' }));
    const confirm = within(screen.getByRole('dialog')).getByRole('button', { name: 'Decline' });
    fireEvent.click(confirm);
    fireEvent.click(confirm);
    const busy = await screen.findByRole('button', { name: 'Declining…' });
    expect(busy.getAttribute('aria-busy')).toBe('true');
    expect(action).toHaveBeenCalledTimes(1);

    await act(async () => finish());
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("stays open with the action's error, ready to try again", async () => {
    const action = vi.fn(async () => {
      throw new ApiError({
        kind: 'problem',
        status: 409,
        code: 'conflict',
        title: 'Conflict',
        detail: 'This request was already decided',
      });
    });
    render(<DialogHarness action={action} />);

    fireEvent.click(screen.getByRole('button', { name: 'Decline the request' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Decline' }));
    const alert = await within(screen.getByRole('dialog')).findByRole('alert');
    expect(alert.textContent).toContain('This request was already decided');
    expect(within(screen.getByRole('dialog')).getByRole('button', { name: 'Decline' })).toBeDefined();
  });
});

function Everything({ submitted }: { submitted: (values: unknown) => void }) {
  const form = useZodForm(
    z.object({
      email: Email,
      note: z.string().min(1),
      tier: z.enum(['basic', 'premium']),
      agreed: z.boolean(),
    }),
    { email: '', note: '', tier: 'basic', agreed: false },
  );
  return (
    <form noValidate onSubmit={form.handleSubmit(submitted)}>
      <TextField control={form.control} name="email" label="Email" />
      <TextAreaField control={form.control} name="note" label="Note" />
      <SelectField
        control={form.control}
        name="tier"
        label="Tier"
        options={[
          { value: 'basic', label: 'Basic' },
          { value: 'premium', label: 'Premium' },
        ]}
      />
      <CheckboxField control={form.control} name="agreed" label="I agree" />
      <Button type="submit">Send</Button>
    </form>
  );
}

function SignInForm({ onSubmit }: { onSubmit: (values: SignInRequest) => Promise<void> }) {
  const form = useZodForm(SignInRequest, { email: '', password: '' });
  const handleSubmit = form.handleSubmit((values) =>
    onSubmit(values).catch((error: unknown) => {
      setServerFieldErrors(form, error);
    }),
  );
  return (
    <form noValidate onSubmit={handleSubmit}>
      <TextField control={form.control} name="email" label="Email" type="email" />
      <TextField control={form.control} name="password" label="Password" type="password" />
      <Button type="submit">Sign in</Button>
    </form>
  );
}

/** A page with a button that opens a Dialog; the button may go once the dialog's action is done. */
function Opener({ keepOpener = true }: { keepOpener?: boolean }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <main id="main" tabIndex={-1}>
      {keepOpener || !done ? <Button onClick={() => setOpen(true)}>Add a contact</Button> : null}
      <Dialog open={open} title="Add a contact" onClose={() => setOpen(false)}>
        <input aria-label="Name" />
        <Button
          onClick={() => {
            setDone(true);
            setOpen(false);
          }}
        >
          Done
        </Button>
      </Dialog>
    </main>
  );
}

describe('Dialog', () => {
  it('is named by its title, focuses its first field, closes on Escape and gives focus back to its button', async () => {
    render(<Opener />);
    const opener = screen.getByRole('button', { name: 'Add a contact' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Add a contact' });
    expect(document.activeElement).toBe(within(dialog).getByLabelText('Name'));
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);
  });

  it('gives focus to the page when the button that opened it is no longer offered', async () => {
    render(<Opener keepOpener={false} />);
    const opener = screen.getByRole('button', { name: 'Add a contact' });
    opener.focus();
    fireEvent.click(opener);
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(document.activeElement).toBe(screen.getByRole('main'));
  });
});

describe('forms checked by the domain schema', () => {
  it("shows the schema's error next to the field and moves focus to the first invalid field", async () => {
    const onSubmit = vi.fn(async () => undefined);
    render(<SignInForm onSubmit={onSubmit} />);

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'not an address' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'portals-demo-2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText('Email');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const errorId = email.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(errorId)?.textContent).not.toBe('');
    expect(document.activeElement).toBe(email);
    expect(screen.getByLabelText('Password').getAttribute('aria-invalid')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("puts the API's field errors on the fields they are about", async () => {
    const onSubmit = vi.fn(async () => {
      throw new ApiError({
        kind: 'problem',
        status: 400,
        code: 'validation_failed',
        title: 'Invalid',
        fieldErrors: [
          { path: 'body.password', message: 'is too common: choose another' },
          { path: 'body.unknownField', message: 'is not allowed' },
        ],
      });
    });
    render(<SignInForm onSubmit={onSubmit} />);

    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'main@acme.example' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'password1234' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const password = screen.getByLabelText('Password');
    await waitFor(() => expect(password.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(password.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'is too common: choose another',
    );
    expect(screen.queryByText('is not allowed')).toBeNull();
  });

  it('ties text areas, drop-downs and checkboxes to their values', async () => {
    const submitted = vi.fn();
    render(<Everything submitted={submitted} />);
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'main@acme.example' } });
    fireEvent.change(screen.getByLabelText('Note'), { target: { value: 'Hello' } });
    fireEvent.change(screen.getByLabelText('Tier'), { target: { value: 'premium' } });
    fireEvent.click(screen.getByLabelText('I agree'));
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(submitted).toHaveBeenCalledTimes(1));
    expect(submitted.mock.calls[0]?.[0]).toEqual({
      email: 'main@acme.example',
      note: 'Hello',
      tier: 'premium',
      agreed: true,
    });
  });
});

function SaveButton() {
  const { showToast } = useToast();
  return <Button onClick={() => showToast('The contact was added.')}>Add</Button>;
}

describe('toasts', () => {
  it('says that something worked, and goes away when dismissed', () => {
    render(
      <Toaster>
        <SaveButton />
      </Toaster>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const toast = screen.getByRole('status');
    expect(toast.textContent).toContain('The contact was added.');
    expect(screen.getByRole('region', { name: 'Notifications' }).getAttribute('aria-live')).toBe('polite');
    fireEvent.click(within(toast).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('goes away by itself after a while', () => {
    vi.useFakeTimers();
    try {
      render(
        <Toaster>
          <SaveButton />
        </Toaster>,
      );
      fireEvent.click(screen.getByRole('button', { name: 'Add' }));
      expect(screen.getByRole('status')).toBeDefined();
      act(() => {
        vi.advanceTimersByTime(60_000);
      });
      expect(screen.queryByRole('status')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
