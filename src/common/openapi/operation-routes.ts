import { HttpStatus, INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { AccessDecision, accessDecision } from '../../auth/auth.guard';

export interface OperationRoute {
  method: string;
  /** The access decision the global guard applies to this handler. */
  decision: AccessDecision;
  /** The status of a successful answer, as Nest sends it. */
  status: number;
}

/**
 * Every route handler, keyed by the operationId @nestjs/swagger gives it (`Controller_method`), so
 * the document can say what the guard decides for each operation — from the same metadata.
 */
export function operationRoutes(app: INestApplication): Map<string, OperationRoute> {
  const reflector = app.get(Reflector);
  const scanner = new MetadataScanner();
  const routes = new Map<string, OperationRoute>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller || typeof controller !== 'function') continue;
      const proto = controller.prototype as Record<string, (...args: unknown[]) => unknown>;
      for (const name of scanner.getAllMethodNames(proto)) {
        const handler = proto[name];
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const status = (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
        routes.set(`${controller.name}_${name}`, { method, decision: accessDecision(reflector, handler, controller), status });
      }
    }
  }
  return routes;
}
