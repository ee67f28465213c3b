import { type FormControl, TextField } from '@portals/web-ui';

export interface PersonValues {
  name: string;
  email: string;
  phone?: string | undefined;
}

/** The page's words for a person the domain's `NewPerson` refuses. */
export const personMessages = {
  name: 'Enter the name.',
  email: 'Enter an email address, like name@example.com.',
} as const;

/** The person as the API takes them: no phone rather than an empty one. */
export const toRequestPerson = ({ name, email, phone }: PersonValues) => ({
  name,
  email,
  ...(phone?.trim() ? { phone: phone.trim() } : {}),
});

/** Name, email and phone fields of a form checked by the domain's `NewPerson`. */
export function PersonFields<Values extends PersonValues>({ control }: { control: FormControl<Values> }) {
  const personControl = control as unknown as FormControl<PersonValues>;
  return (
    <>
      <TextField
        control={personControl}
        name="name"
        label="Name"
        autoComplete="off"
        maxLength={200}
        required
      />
      <TextField
        control={personControl}
        name="email"
        label="Email"
        type="email"
        autoComplete="off"
        required
      />
      <TextField
        control={personControl}
        name="phone"
        label="Phone (optional)"
        type="tel"
        autoComplete="off"
        maxLength={40}
      />
    </>
  );
}
