-- Macros shared by the models. cfg() reads the methodology config loaded into cfg_params by the runner.
CREATE OR REPLACE MACRO cfg(k) AS (SELECT value FROM cfg_params WHERE key = k);
-- Wilson score interval for k successes out of n (95% by default via cfg('ci_z')).
CREATE OR REPLACE MACRO wilson_lo(k, n) AS CASE WHEN n > 0 THEN
  ((k / n) + cfg('ci_z') ^ 2 / (2 * n) - cfg('ci_z') * sqrt((k / n) * (1 - k / n) / n + cfg('ci_z') ^ 2 / (4 * n * n))) / (1 + cfg('ci_z') ^ 2 / n) END;
CREATE OR REPLACE MACRO wilson_hi(k, n) AS CASE WHEN n > 0 THEN
  ((k / n) + cfg('ci_z') ^ 2 / (2 * n) + cfg('ci_z') * sqrt((k / n) * (1 - k / n) / n + cfg('ci_z') ^ 2 / (4 * n * n))) / (1 + cfg('ci_z') ^ 2 / n) END;
-- Russian number formatting for reasons: 0.384 → '0,38'.
CREATE OR REPLACE MACRO ru2(x) AS replace(printf('%.2f', x), '.', ',');
CREATE OR REPLACE MACRO ru_pct(x) AS replace(printf('%.0f', 100 * x), '.', ',') || '%';
