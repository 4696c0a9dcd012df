// The ingest layer's public face: what the process root, the dashboard, the jobs and the demo use. Everything else in
// ingest/ is internal (tests/architecture/imports.test.ts holds that line).
export { expandPaths, ingestPaths } from './files.js';
export { FORMATS } from './formats/index.js';
export {
  PROGRAMME_TEMPLATE_FILE,
  type ProgrammeTemplateOptions,
  programmeTemplateBuffer,
  type TemplateActual,
  type TemplateIndicator,
  type TemplateMeasure,
  writeProgrammeTemplate,
} from './formats/programme/template.js';
export { MAX_FILE_BYTES } from './limits.js';
export { IngestRefused, ingestFile, sha256 } from './load.js';
export { yearLabel } from './read/values.js';
export { formatReport, type IngestReport, issueLine, num } from './report.js';
