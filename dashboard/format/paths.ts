// Server paths stay on the server: a job or build message shown in the browser names files by their base name.

/** «/srv/orientir/data/inbox/Реестр.xlsx» → «Реестр.xlsx»; school years («2023/24») and URLs are left alone. */
export const withoutPaths = (text: string): string =>
  text.replace(
    /(^|[\s'"«(=])((?:\/[^\s/'"«»()]+)+\/?)/g,
    (_m, before: string, path: string) => `${before}${path.replace(/\/$/, '').split('/').pop() ?? ''}`,
  );
