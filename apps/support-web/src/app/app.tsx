import { createQueryClient } from '@portals/web-ui';
import { RouterProvider } from 'react-router-dom';
import { AppProvider } from './provider';
import { router } from './router';

const queryClient = createQueryClient();

export function App() {
  return (
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>
  );
}
