// An in-memory ParseContext: gathers everything a parser emits so the loader can write it in one transaction
// (and so tests can inspect a parse without a store). A bulk loader (ingest/bulk/) leaves its records in a staging
// table instead: `staged` says how many there are and what the loader's checks need to know about them.

import { createHmac } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { normText } from './read/values.js';
import type { VprScaleTable } from './scales.js';
import type {
  AggregateResult,
  CodeEntry,
  CustomIndicator,
  Issue,
  JournalMark,
  ParseContext,
  ProgrammeRecord,
  PupilResult,
  ReportedValue,
  RoadmapMeasure,
  SchoolRecord,
  TargetRow,
  TaskInfo,
  VprScaleRow,
  Work,
} from './types.js';

/** A place and a value in it, for the checks made after the parse (markup and formulas in text, unknown subjects, schools). */
export interface StagedValue {
  rowNo: number;
  field: string;
  text: string;
}

/**
 * Journal records a bulk loader holds in a staging table rather than in `journal`: counted, summarised for the checks
 * after the parse, written by `write` inside the loader's transaction, and let go by `dispose` (always called).
 */
export interface StagedJournal {
  sheet: string;
  count: number;
  /** Each school reference of the records once, at its first row, in row order. */
  schools: { ref: string; rowNo: number }[];
  /** Each subject of the records once, at its first row, in row order. */
  subjects: { subject: string; rowNo: number }[];
  /** School, subject and class values holding markup or formulas (ingest/validate.ts screenText): the first few in row order, and how many in all. */
  screened: { values: StagedValue[]; total: number };
  write(conn: DuckDBConnection, uploadId: number): Promise<number>;
  dispose(): Promise<void>;
}

export class CollectingContext implements ParseContext {
  works: Work[] = [];
  pupils: PupilResult[] = [];
  journal: JournalMark[] = [];
  aggregates: AggregateResult[] = [];
  schools: SchoolRecord[] = [];
  scales: VprScaleRow[] = [];
  targets: TargetRow[] = [];
  taskInfo: TaskInfo[] = [];
  codes: CodeEntry[] = [];
  programmes: ProgrammeRecord[] = [];
  indicators: CustomIndicator[] = [];
  reported: ReportedValue[] = [];
  measures: RoadmapMeasure[] = [];
  issues: Issue[] = [];
  /** Row errors counted but not kept (a bulk loader keeps only as many as a report shows); they follow the kept ones. */
  uncountedRowErrors = 0;
  staged: StagedJournal | null = null;
  rowsRead = 0;

  constructor(
    private secret: string,
    private scaleTable: VprScaleTable,
    private onProgress?: (rows: number) => void,
  ) {}

  emitWork(w: Work): number {
    this.works.push(w);
    return this.works.length - 1;
  }
  emitPupil(r: PupilResult): boolean {
    this.pupils.push(r);
    return true;
  }
  emitJournal(r: JournalMark): void {
    this.journal.push(r);
  }
  emitAggregate(r: AggregateResult): void {
    this.aggregates.push(r);
  }
  emitSchool(r: SchoolRecord): void {
    this.schools.push(r);
  }
  emitScale(r: VprScaleRow): void {
    this.scales.push(r);
  }
  emitTarget(r: TargetRow): void {
    this.targets.push(r);
  }
  emitTaskInfo(r: TaskInfo): void {
    this.taskInfo.push(r);
  }
  emitCode(r: CodeEntry): void {
    this.codes.push(r);
  }
  emitProgramme(r: ProgrammeRecord): void {
    this.programmes.push(r);
  }
  emitIndicator(r: CustomIndicator): void {
    this.indicators.push(r);
  }
  emitReported(r: ReportedValue): void {
    this.reported.push(r);
  }
  emitMeasure(r: RoadmapMeasure): void {
    this.measures.push(r);
  }
  issue(i: Issue): void {
    this.issues.push(i);
  }
  pseudonymize(fullName: string): string {
    // Name normalised so «Иванов  Иван» and «иванов иван» link. The key does not depend on how a source names the
    // school (РЦОИ code, login, name): every use in the marts is scoped by the resolved school_code, so a pupil's
    // journal marks and ГИА results of one school link whichever identifiers the two systems use.
    return createHmac('sha256', this.secret)
      .update(`pupil|${normText(fullName)}`)
      .digest('hex')
      .slice(0, 20);
  }
  vprMark(schoolYear: string, subject: string, kimGrade: number, primary: number): number | null {
    return this.scaleTable.mark(schoolYear, subject, kimGrade, primary);
  }
  progress(rowsRead: number): void {
    this.rowsRead = rowsRead;
    this.onProgress?.(rowsRead);
  }

  /** Issues in all, the uncounted row errors included. */
  get issuesTotal(): number {
    return this.issues.length + this.uncountedRowErrors;
  }

  /** Rows excluded by a row error (a row is counted once however many errors it has). */
  get rejectedRows(): number {
    return (
      new Set(
        this.issues.filter((i) => i.severity === 'error' && i.scope === 'row').map((i) => `${i.sheet}|${i.rowNo}`),
      ).size + this.uncountedRowErrors
    );
  }

  get recordCount(): number {
    return (
      (this.staged?.count ?? 0) +
      this.pupils.length +
      this.journal.length +
      this.aggregates.length +
      this.schools.length +
      this.scales.length +
      this.targets.length +
      this.taskInfo.length +
      this.codes.length +
      this.programmes.length +
      this.indicators.length +
      this.reported.length +
      this.measures.length
    );
  }
}
