import { loginErrorMessage, loginErrorUrl, loginPage } from './login-page';

describe('the sign-in page after a failed form sign-in', () => {
  it('is reached by a URL that carries a code, the wait and a same-site next only', () => {
    expect(loginErrorUrl('failed', '/projects?year=2022')).toBe('/login?error=failed&next=%2Fprojects%3Fyear%3D2022');
    expect(loginErrorUrl('locked', '//evil.example/x', 899.2)).toBe('/login?error=locked&wait=900');
    expect(loginErrorUrl('failed', undefined)).toBe('/login?error=failed');
  });

  it('shows our own words for a code, never text from the URL', () => {
    expect(loginErrorMessage('failed', undefined)).toBe('用户名或密码错误');
    expect(loginErrorMessage('locked', '900')).toBe('登录失败次数过多，请 15 分钟后再试');
    expect(loginErrorMessage('locked', 'x')).toBe('登录失败次数过多，请 1 分钟后再试');
    expect(loginErrorMessage('<script>', undefined)).toBeUndefined();
    const page = loginPage({ csrf: 'abc', error: loginErrorMessage('failed', undefined) });
    expect(page).toContain('<p class="error" role="alert">用户名或密码错误</p>');
    expect(page).toContain('<link rel="icon" href="/assets/favicon.svg"');
  });
});
