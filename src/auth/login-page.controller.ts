import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { sendLoginPage } from './auth.controller';
import { LOGIN_CSRF_COOKIE, readCookie } from './cookies';
import { loginErrorMessage } from './login-page';
import { Public } from './roles.decorator';

/** GET /login: the sign-in form (public, holds no data). */
@ApiExcludeController()
@Controller('login')
export class LoginPageController {
  @Get()
  @Public()
  page(@Req() req: Request, @Res() res: Response, @Query('next') next?: string, @Query('error') error?: string, @Query('wait') wait?: string): void {
    // A failed sign-in comes back here (303) with a code; the message is ours, never the URL's text.
    sendLoginPage(req, res, 200, { csrf: readCookie(req, LOGIN_CSRF_COOKIE), next, error: loginErrorMessage(error, wait) });
  }
}
