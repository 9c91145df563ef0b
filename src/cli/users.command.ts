import fs from 'node:fs';
import path from 'node:path';
import { AuditService } from '../audit/audit.service';
import { randomPassword } from '../auth/password';
import { Role, ROLES } from '../auth/roles.decorator';
import { UsersService } from '../auth/users.service';
import { InputError } from '../common/errors';
import { withAppContext } from './app-context';
import { parseArgs, printJson } from './cli-args';
import { PrismaService } from '../prisma/prisma.service';

const USAGE = 'users create --name <n> --role <角色> [--region <市州>] | users list | users token --name <n> [--expires-in-days <天数>] [--label <说明>] | users revoke-token --id <编号> | users disable --name <n> | users enable --name <n> | users bootstrap --out <文件>';

function required(options: Record<string, string>, name: string): string {
  const value = options[name];
  if (!value) throw new InputError(`缺少 --${name}（用法：${USAGE}）`);
  return value;
}

/**
 * User administration on the server itself (for the first admin, scripts, and locked-out
 * admins). Prints JSON on stdout; a new token appears there once and is never shown again.
 */
export async function usersCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  const { options } = parseArgs(rest, ['name', 'role', 'region', 'id', 'expires-in-days', 'label', 'out']);
  return withAppContext(async (app) => {
    const users = app.get(UsersService);
    const audit = app.get(AuditService);
    switch (action) {
      case 'create': {
        const role = required(options, 'role') as Role;
        if (!ROLES.includes(role)) throw new InputError(`未知的角色“${role}”，可选：${ROLES.join('、')}`);
        const user = await users.create({ name: required(options, 'name'), role, region: options.region ?? null });
        const token = await users.issueToken(user.name, { label: '命令行创建用户时签发' });
        await audit.record({ action: 'user.create', comment: `${user.name}（命令行）`, diff: { role: user.role, region: user.region, token: token.id } });
        await printJson({ user, token: token.token, tokenId: token.id });
        process.stderr.write('请妥善保存令牌：它只显示这一次。\n');
        return 0;
      }
      case 'list':
        await printJson(await users.list());
        return 0;
      case 'token': {
        const days = options['expires-in-days'] ? Number(options['expires-in-days']) : undefined;
        if (days !== undefined && (!Number.isInteger(days) || days < 1)) throw new InputError('--expires-in-days 应为正整数');
        const token = await users.issueToken(required(options, 'name'), {
          label: options.label, expiresAt: days ? new Date(Date.now() + days * 86400_000) : null,
        });
        await audit.record({ action: 'token.issue', comment: `${options.name}（命令行）`, diff: { id: token.id, expiresAt: token.expiresAt } });
        await printJson(token);
        return 0;
      }
      case 'revoke-token': {
        const id = Number(required(options, 'id'));
        if (!Number.isInteger(id)) throw new InputError('--id 应为令牌编号（整数）');
        await users.revokeToken(id);
        await audit.record({ action: 'token.revoke', comment: '命令行', diff: { id } });
        await printJson({ revoked: id });
        return 0;
      }
      case 'disable':
      case 'enable': {
        const user = await users.update(required(options, 'name'), { disabled: action === 'disable' });
        await audit.record({ action: 'user.update', comment: `${user.name}（命令行）`, diff: { disabled: user.disabled } });
        await printJson(user);
        return 0;
      }
      case 'bootstrap':
        // Machines starting together on one PostgreSQL database: one creates the admin.
        return app.get(PrismaService).exclusively('bootstrap', () => bootstrap(users, audit, required(options, 'out')));
      default:
        throw new InputError(`未知的子命令“${action ?? ''}”（用法：${USAGE}）`);
    }
  });
}

/**
 * Fresh install: creates the first admin with a random password and a token, and writes them to
 * a file only the service account can read (0600). Does nothing once any user exists.
 */
async function bootstrap(users: UsersService, audit: AuditService, out: string): Promise<number> {
  if ((await users.count()) > 0) return 0;
  const password = randomPassword();
  const user = await users.create({ name: 'admin', role: 'admin', password });
  const token = await users.issueToken(user.name, { label: '首次安装时签发' });
  await audit.record({ action: 'user.create', comment: 'admin（首次安装）', diff: { role: 'admin', token: token.id } });
  const file = path.resolve(out);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      '# “万千百十一”合规检查服务：首个管理员账号（首次安装时生成）',
      '# 登录后请在“用户管理”中修改密码，并删除本文件。',
      `用户名: ${user.name}`,
      `密码: ${password}`,
      `API 令牌: ${token.token}`,
      '',
    ].join('\n'),
    { mode: 0o600, flag: 'w' },
  );
  fs.chmodSync(file, 0o600);
  process.stderr.write(`[setup] 已创建首个管理员 admin，账号、密码与令牌保存在 ${file}（仅本账户可读），登录后请修改密码并删除该文件\n`);
  return 0;
}
