import { createBrowserRouter } from 'react-router-dom';
import { config } from '../config';
import { routes } from './routes';

export const router = createBrowserRouter(routes, { basename: config.basePath });
