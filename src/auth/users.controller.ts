import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiConflict, ApiCreated, ApiNoContent, ApiOk } from '../common/openapi/responses';
import { AuditService } from '../audit/audit.service';
import { currentUser } from './current-user';
import { Role, Roles } from './roles.decorator';
import { CREATE_TOKEN_SCHEMA, CREATE_USER_SCHEMA, checkBody, UPDATE_USER_SCHEMA } from './user-input';
import { UsersService } from './users.service';

/** User management: admins only. Secrets (passwords, tokens) never appear in a response except a new token, once. */
@ApiTags('用户 users')
@Roles('admin')
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: '用户列表' })
  @ApiOk('User[]', '全部用户（不含密码与令牌）')
  list() {
    return this.users.list();
  }

  @Post()
  @ApiOperation({ summary: '新建用户；token=true 时同时签发一个 API 令牌（只显示这一次）' })
  @ApiBody({ schema: CREATE_USER_SCHEMA as object })
  @ApiCreated('CreatedUser', '新用户；token=true 时带令牌（只显示这一次）')
  @ApiConflict('用户名已存在')
  async create(@Body() body: unknown) {
    const input = checkBody<{ name: string; role: Role; region?: string | null; password?: string; token?: boolean }>(CREATE_USER_SCHEMA, body);
    const user = await this.users.create(input);
    const token = input.token ? await this.users.issueToken(user.name, { label: '创建用户时签发' }) : undefined;
    await this.audit.record({ action: 'user.create', comment: user.name, diff: { role: user.role, region: user.region, token: token?.id ?? null } });
    return { user, token };
  }

  @Patch(':name')
  @ApiOperation({ summary: '修改角色、市州、密码或停用；该用户的会话全部失效' })
  @ApiBody({ schema: UPDATE_USER_SCHEMA as object })
  @ApiOk('User', '修改后的用户')
  async update(@Param('name') name: string, @Body() body: unknown) {
    const change = checkBody<{ role?: Role; region?: string | null; password?: string; disabled?: boolean }>(UPDATE_USER_SCHEMA, body);
    const user = await this.users.update(name, change, currentUser());
    const { password, ...visible } = change;
    await this.audit.record({ action: 'user.update', comment: name, diff: { ...visible, password: password === undefined ? undefined : '（已修改）' } });
    return user;
  }

  @Get(':name/tokens')
  @ApiOperation({ summary: '用户的 API 令牌（不含令牌本身）' })
  @ApiOk('Token[]', '令牌列表')
  tokens(@Param('name') name: string) {
    return this.users.tokens(name);
  }

  @Post(':name/tokens')
  @ApiOperation({ summary: '签发 API 令牌，可设有效期；令牌只在此响应中出现一次' })
  @ApiBody({ schema: CREATE_TOKEN_SCHEMA })
  @ApiCreated('IssuedToken', '新令牌（只显示这一次）')
  async issue(@Param('name') name: string, @Body() body: unknown) {
    const input = checkBody<{ label?: string; expiresAt?: string; expiresInDays?: number }>(CREATE_TOKEN_SCHEMA, body);
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86400_000) : null;
    const token = await this.users.issueToken(name, { label: input.label, expiresAt });
    await this.audit.record({ action: 'token.issue', comment: name, diff: { id: token.id, expiresAt: token.expiresAt } });
    return token;
  }

  @Delete(':name/tokens/:id')
  @HttpCode(204)
  @ApiOperation({ summary: '吊销 API 令牌，立即生效' })
  @ApiNoContent('已吊销')
  async revoke(@Param('name') name: string, @Param('id', ParseIntPipe) id: number) {
    await this.users.revokeToken(id, name);
    await this.audit.record({ action: 'token.revoke', comment: name, diff: { id } });
  }
}
