// The login form.
import { html } from '../html/escape.js';
import { page } from '../html/layout.js';

export function loginPage(o: { token: string; next: string; error?: string; login?: string }): string {
  const body = html`<section class="login">
    <h1>Вход в «Ориентир»</h1>
    <p class="muted">Мониторинг образовательных результатов. Вход для сотрудников комитета и руководителей ОО.</p>
    ${o.error ? html`<p class="notice error" role="alert">${o.error}</p>` : ''}
    <form method="post" action="/login">
      <input type="hidden" name="_csrf" value="${o.token}">
      <input type="hidden" name="next" value="${o.next}">
      <label>Логин <input name="login" autocomplete="username" required value="${o.login ?? ''}"></label>
      <label>Пароль <input name="password" type="password" autocomplete="current-password" required></label>
      <button type="submit">Войти</button>
    </form></section>`;
  return page({ title: 'Вход', body });
}
