import { admissionRoute, gatekeeperProviderRoute } from './cluster-routes';
import { healthRoute, publicKeyRoute, publicKeysRoute } from './key-and-health-routes';
import type { Route } from './route';
import { batchVerdictsRoute, getVerdictRoute } from './verdict-routes';

/** Every route of the API: the router dispatches on them and the OpenAPI document describes them. */
export const ROUTES: readonly Route[] = [
  getVerdictRoute,
  batchVerdictsRoute,
  gatekeeperProviderRoute,
  admissionRoute,
  publicKeyRoute,
  publicKeysRoute,
  healthRoute,
];

export type { Route, RouteSpec, ResponseSpec } from './route';
