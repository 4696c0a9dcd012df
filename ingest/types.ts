// Contract between format parsers (ingest/formats/*) and the loader (ingest/load.ts).
// Parsers never touch the store: they read a Workbook and emit normalised records into a ParseContext.
import type { IndicatorDirection, IndicatorUnit } from '../domain/indicators.js';
import type { MeasureStatus } from '../domain/measure-statuses.js';

/** A cell value as read from xlsx/CSV: strings are kept as-is (trimmed by the reader), numbers stay numbers. */
export type Cell = string | number | boolean | Date | null;

export interface SheetRow {
  rowNo: number;
  cells: Cell[];
} // rowNo is the 1-based Excel row number (CSV: line number)

export interface Sheet {
  name: string;
  /** Rows in order, merged ranges already resolved (the top-left value is copied into every covered cell). */
  rows(): AsyncIterable<SheetRow>;
}

export interface Workbook {
  fileName: string; // the original file name (no directories), used in messages and for formats that encode data in the name
  kind: 'xlsx' | 'csv';
  sheets: Sheet[];
}

export type Assessment = 'ВПР' | 'ОГЭ' | 'ЕГЭ' | 'АКР';

/** One work/exam in a file (a file may hold several, e.g. РЦОИ multi-exam protocols). */
export interface Work {
  assessment: Assessment;
  schoolYear: string; // '2020/21'
  subject: string; // canonical Russian name, see ingest/subjects.ts
  kimGrade: number | null; // grade of the КИМ (material)
  grade: number | null; // actual grade of the pupils (autumn-2020 ВПР: kimGrade + 1)
  examDate: string | null; // ISO yyyy-mm-dd
  maxScore: number | null; // maximum primary score when known
  taskLabels: string[]; // '1', '5(1)', '17К1' … in column order; [] when no per-task data
  taskMax: (number | null)[]; // max points per task, same length as taskLabels
  examCode?: string | null; // РЦОИ exam code ('02') when present
  session?: VprSession | null; // ВПР sitting: 'осень' when the КИМ of the previous grade is written in autumn (2020: grade = kimGrade + 1)
  columns?: WorkColumns; // where the pupil fields come from, for the loader's range checks
}

/** Captions of the source columns of a work's pupil fields («Итого баллов (H)»): the loader's range checks name them. */
export interface WorkColumns {
  primaryScore?: string | null;
  mark?: string | null;
  journalMark?: string | null;
  testScore?: string | null;
  tasks?: (string | null)[]; // same order as Work.taskLabels
}

/** ВПР sitting within a school year: spring (the КИМ of the grade) or autumn (the previous grade's КИМ, e.g. Sept–Oct 2020). */
export type VprSession = 'весна' | 'осень';

export type PupilStatus = 'present' | 'absent';

export interface PupilResult {
  work: number; // index into the works emitted by this file (0-based)
  sheet: string;
  rowNo: number;
  schoolRef: string; // the source's own school identifier: ФИС ОКО login (sch…/edu…), РЦОИ код ОО (integer string), or name
  schoolName: string | null;
  municipality: string | null;
  participantCode: string; // anonymous code from the source; for РЦОИ files with names: the pupil key (see pseudonymize)
  pupilKey: string | null; // keyed hash of the pupil's name (never the name itself) when the source has names
  className: string | null; // '4А', '10', null
  variant: string | null;
  status: PupilStatus;
  sex: 'м' | 'ж' | null;
  primaryScore: number | null;
  mark: number | null; // 2..5; null when absent
  markFromScale: boolean; // true when computed by ctx.vprMark rather than read from the file
  testScore: number | null; // ЕГЭ 0..100
  journalMark: number | null; // previous-term journal mark 2..5 (ВПР exports), null if none
  taskScores: (number | null)[]; // same order as Work.taskLabels; null = not attempted (X) / not passed / empty
}

export type PeriodKind = 'четверть' | 'триместр' | 'полугодие' | 'год' | 'экзамен' | 'итог';

export interface JournalMark {
  sheet: string;
  rowNo: number;
  schoolRef: string; // school name or code as written in the file
  schoolYear: string; // '2024/25'
  className: string | null; // '8А'
  grade: number | null; // 8
  pupilKey: string; // ctx.pseudonymize(fullName) — names are never emitted
  subject: string; // canonical subject name when recognised, else the journal's own caption
  periodKind: PeriodKind;
  periodNo: number | null; // 1..4 for terms, null for year/exam/final
  mark: number | null; // 2..5 when a numeric mark
  markText: string | null; // 'н/а', 'зач', 'осв', 'неатт' … (lower-case) when not numeric; null when numeric
  avgMark: number | null; // «Средний балл» when present
}

export type AggregateLevel = 'all' | 'region' | 'municipality' | 'school';

/** School-level (or higher) aggregate results, for reports where no per-pupil data exists. */
export interface AggregateResult {
  sheet: string;
  rowNo: number;
  level: AggregateLevel;
  schoolRef: string | null; // login/code for school rows; null for higher levels
  name: string; // row caption: school, municipality or region name
  assessment: Assessment;
  schoolYear: string;
  subject: string;
  grade: number | null;
  examDate: string | null;
  participants: number | null;
  schoolsCount: number | null;
  // distribution of marks as counts (preferred) or shares 0..1 when only % are given
  n2: number | null;
  n3: number | null;
  n4: number | null;
  n5: number | null;
  sharesOnly: boolean; // true when n2..n5 are shares 0..1 rather than counts
  meanMark: number | null;
  meanScore: number | null;
  // ВПР vs journal comparison (counts)
  lowered: number | null;
  confirmed: number | null;
  raised: number | null;
  compared: number | null;
  extra: Record<string, number | string | null> | null; // source-specific numbers (e.g. Moscow PASSES_OVER_220)
}

export interface SchoolRecord {
  sheet: string;
  rowNo: number;
  schoolCode: string; // registry code
  name: string;
  shortName: string | null;
  fisokoLogin: string | null; // sch…/edu…
  fisokoLoginOld: string | null;
  rcoiCode: string | null;
  municipality: string | null;
  schoolType: string | null; // СОШ, ООШ, НОШ, гимназия, лицей, …
  settlementType: string | null; // 'город' | 'село'
  enrolment: number | null;
  ovzShare: number | null; // 0..1
  nonNativeShare: number | null; // 0..1
}

export interface VprScaleRow {
  sheet: string;
  rowNo: number;
  schoolYear: string | null;
  subject: string;
  kimGrade: number;
  mark3Min: number;
  mark4Min: number;
  mark5Min: number;
  maxScore: number | null;
}

/** One task of a work description («Описание работы», ALL.xlsx) or an entry of a code dictionary (KS/KT). */
export interface TaskInfo {
  sheet: string;
  rowNo: number;
  subject: string | null;
  kimGrade: number | null;
  task: string;
  level: string | null;
  maxScore: number | null;
  skills: string | null;
  kes: string | null;
  kt: string | null;
}
export interface CodeEntry {
  sheet: string;
  rowNo: number;
  dictionary: 'КЭС' | 'КТ';
  code: string;
  text: string;
}

export interface TargetRow {
  sheet: string;
  rowNo: number;
  schoolRef: string;
  schoolYear: string;
  indicator: string;
  subject: string | null;
  grade: number | null;
  planned: number;
  baseline: number | null;
  baselineYear?: string | null;
}

/** A programme passport: one per school and programme. */
export interface ProgrammeRecord {
  sheet: string;
  rowNo: number;
  schoolRef: string;
  name: string;
  startYear: string;
  endYear: string | null;
  goal: string | null;
}

/** An indicator the school defined itself (its caption is not in the catalogue). */
export interface CustomIndicator {
  sheet: string;
  rowNo: number;
  schoolRef: string;
  indicator: string;
  caption: string;
  unit: IndicatorUnit;
  direction: IndicatorDirection;
}

/** A value of an indicator reported by the school (term null = for the whole year). Shares are fractions 0..1. */
export interface ReportedValue {
  sheet: string;
  rowNo: number;
  schoolRef: string;
  schoolYear: string;
  term: number | null;
  indicator: string;
  value: number;
}

/** One measure of a roadmap. */
export interface RoadmapMeasure {
  sheet: string;
  rowNo: number;
  schoolRef: string;
  measureId: string;
  section: string | null;
  title: string;
  deadline: string | null; // ISO date: the last day of the stated period («сентябрь 2024» → 2024-09-30)
  deadlineText: string | null;
  responsible: string | null;
  expectedResult: string | null;
  status: MeasureStatus | null; // null: left empty in the file — the stored status of the same measure is kept, else planned
  evidence: string | null;
}

export interface Issue {
  severity: 'error' | 'warning';
  /** 'file' rejects the whole file; 'row' excludes one row. Warnings never block. */
  scope: 'file' | 'row';
  sheet: string | null;
  rowNo: number | null;
  column: string | null; // the header text or Excel column letter
  message: string; // Russian, human-readable, self-contained
}

export interface ParseContext {
  emitWork(w: Work): number; // returns the work index
  /** False when the loader's checks (ValidatingContext) excluded the row. */
  emitPupil(r: PupilResult): boolean;
  emitJournal(r: JournalMark): void;
  emitAggregate(r: AggregateResult): void;
  emitSchool(r: SchoolRecord): void;
  emitScale(r: VprScaleRow): void;
  emitTarget(r: TargetRow): void;
  emitTaskInfo(r: TaskInfo): void;
  emitCode(r: CodeEntry): void;
  emitProgramme(r: ProgrammeRecord): void;
  emitIndicator(r: CustomIndicator): void;
  emitReported(r: ReportedValue): void;
  emitMeasure(r: RoadmapMeasure): void;
  /** Record a problem. A file-scope error makes the loader reject the file; the parser may stop early by throwing FileRejected. */
  issue(i: Issue): void;
  /** Keyed hash (HMAC-SHA-256 with a secret kept in the store) of a pupil's name within a school. */
  /** The pupil's keyed hash of the normalised full name; school-scoped wherever used (by the resolved school_code). */
  pseudonymize(fullName: string): string;
  /** ВПР primary → mark from the versioned scale; null when no scale is known for that year/subject/КИМ grade. */
  vprMark(schoolYear: string, subject: string, kimGrade: number, primary: number): number | null;
  /** Report progress (rows read so far). */
  progress(rowsRead: number): void;
}

/** Thrown by a parser to stop and reject the whole file with a Russian message. */
export class FileRejected extends Error {
  constructor(
    message: string,
    public sheet: string | null = null,
    public rowNo: number | null = null,
    public column: string | null = null,
  ) {
    super(message);
  }
}

export interface FormatModule {
  id: string; // 'fisoko-vpr-2021'
  title: string; // Russian: 'ФИС ОКО: выгрузка результатов ВПР (2021)'
  /** Cheap content check on the first rows of each sheet; returns a confidence 0..1. */
  detect(probe: WorkbookProbe): number;
  parse(book: Workbook, ctx: ParseContext): Promise<void>;
}

/** The first ~40 rows of every sheet (merges resolved), for detection. */
export interface WorkbookProbe {
  fileName: string;
  kind: 'xlsx' | 'csv';
  sheets: { name: string; rows: Cell[][] }[];
}
