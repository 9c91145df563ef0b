import path from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../auth/roles.decorator';
import { ROOT_DIR } from '../config/app-config';
import { PAGE_CSP, PAGES, renderShell } from './web-pages';

/** Static assets live in the source tree (tsc does not copy them), found from the repo root. */
export const PUBLIC_DIR = path.join(ROOT_DIR, 'src', 'web', 'public');

/**
 * Serves the HTML shell of each page. Public: a shell holds no data, and a visitor who is not
 * signed in must reach it to be sent on to /login by the page script when the API answers 401.
 */
@ApiExcludeController()
@Public()
@Controller()
export class WebController {
  /** Browsers ask for /favicon.ico before reading a page's <link rel="icon">: the same SVG answers. */
  @Get('favicon.ico')
  favicon(@Res() res: Response): void {
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').sendFile(path.join(PUBLIC_DIR, 'assets', 'favicon.svg'));
  }

  @Get(Object.keys(PAGES).map((route) => '/' + route))
  page(@Res() res: Response): void {
    const route = (res.req.route?.path as string | undefined)?.replace(/^\//, '') ?? '';
    res.setHeader('Content-Security-Policy', PAGE_CSP);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(renderShell(PAGES[route] ?? PAGES[''], PUBLIC_DIR));
  }
}
