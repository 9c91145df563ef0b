import { SetMetadata } from '@nestjs/common';

/** The five roles of issue 6. `admin` may do everything, so it never needs listing. */
export const ROLES = ['admin', 'policy', 'evaluator', 'region', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLES_KEY = 'auth:roles';
export const PUBLIC_KEY = 'auth:public';

/**
 * Roles allowed on a route (or every route of a controller). admin is always allowed.
 * The global guard denies any route with neither @Roles nor @Public, so forgetting this is a 403,
 * never an open endpoint.
 */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Readable by everyone without signing in (health, sign-in, API docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** The usual set for reads: every signed-in role. */
export const READERS: Role[] = ['policy', 'evaluator', 'region', 'viewer'];
