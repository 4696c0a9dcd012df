// Browser tests drive Debian's Chromium; install it when missing (CI and fresh machines run as root here).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.ORIENTIR_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  console.log(`Chromium не найден (${CHROMIUM}) — устанавливаю пакет chromium…`);
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', {
      stdio: 'inherit',
    });
  } catch {
    console.error(
      'Не удалось установить chromium (нужны права root и доступ к репозиторию Debian). Браузерные тесты не пройдут.',
    );
    process.exit(1);
  }
}
