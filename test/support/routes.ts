import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { NestContainer } from '@nestjs/core/injector/container';
import { AccessDecision, accessDecision } from '../../src/auth/auth.guard';

export interface RouteInfo {
  method: string;
  path: string;
  decision: AccessDecision;
}

function join(...parts: string[]): string {
  return ('/' + parts.filter(Boolean).join('/')).replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}

/**
 * Every route the Nest router serves, with the access decision the guard will apply, read from
 * the same metadata the router was built from (controllers found by Nest's own scanner).
 */

export function discoverRoutes(app: INestApplication): RouteInfo[] {
  const container = (app as unknown as { container: NestContainer }).container;
  const controllers = [...container.getModules().values()].flatMap((m) => [...m.controllers.values()]);
  const scanner = new MetadataScanner();
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prefixes = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const paths = Reflect.getMetadata(PATH_METADATA, handler);
      if (paths === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      for (const prefix of prefixes) {
        for (const p of ([] as string[]).concat(paths)) {
          routes.push({ method, path: join(prefix, p), decision: accessDecision(reflector, handler, wrapper.metatype) });
        }
      }
    }
  }
  return routes;
}

/** The routes Express actually holds (Nest's and anything mounted beside them, such as /docs). */
export function expressRoutes(app: INestApplication): { method: string; path: string }[] {
  const instance = app.getHttpAdapter().getInstance() as { router?: { stack: unknown[] }; _router?: { stack: unknown[] } };
  const stack = (instance.router ?? instance._router)!.stack as { route?: { path: string | string[]; methods: Record<string, boolean> } }[];
  const out: { method: string; path: string }[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    for (const path of ([] as string[]).concat(layer.route.path)) {
      for (const method of Object.keys(layer.route.methods)) out.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), path });
    }
  }
  return out;
}
