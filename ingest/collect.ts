// An in-memory ParseContext: gathers everything a parser emits so the loader can write it in one transaction
// (and so tests can inspect a parse without a store).
import { createHmac } from 'node:crypto';
import type { AggregateResult, CodeEntry, CustomIndicator, TaskInfo, Issue, JournalMark, ParseContext, ProgrammeRecord, PupilResult, ReportedValue, RoadmapMeasure, SchoolRecord, TargetRow, VprScaleRow, Work } from './types.js';
import type { VprScaleTable } from './scales.js';
import { normText } from './read/values.js';

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
  rowsRead = 0;

  constructor(private secret: string, private scaleTable: VprScaleTable, private onProgress?: (rows: number) => void) {}

  emitWork(w: Work): number { this.works.push(w); return this.works.length - 1; }
  emitPupil(r: PupilResult): void { this.pupils.push(r); }
  emitJournal(r: JournalMark): void { this.journal.push(r); }
  emitAggregate(r: AggregateResult): void { this.aggregates.push(r); }
  emitSchool(r: SchoolRecord): void { this.schools.push(r); }
  emitScale(r: VprScaleRow): void { this.scales.push(r); }
  emitTarget(r: TargetRow): void { this.targets.push(r); }
  emitTaskInfo(r: TaskInfo): void { this.taskInfo.push(r); }
  emitCode(r: CodeEntry): void { this.codes.push(r); }
  emitProgramme(r: ProgrammeRecord): void { this.programmes.push(r); }
  emitIndicator(r: CustomIndicator): void { this.indicators.push(r); }
  emitReported(r: ReportedValue): void { this.reported.push(r); }
  emitMeasure(r: RoadmapMeasure): void { this.measures.push(r); }
  issue(i: Issue): void { this.issues.push(i); }
  pseudonymize(fullName: string): string {
    // Name normalised so «Иванов  Иван» and «иванов иван» link. The key does not depend on how a source names the
    // school (РЦОИ code, login, name): every use in the marts is scoped by the resolved school_code, so a pupil's
    // journal marks and ГИА results of one school link whichever identifiers the two systems use.
    return createHmac('sha256', this.secret).update(`pupil|${normText(fullName)}`).digest('hex').slice(0, 20);
  }
  vprMark(schoolYear: string, subject: string, kimGrade: number, primary: number): number | null {
    return this.scaleTable.mark(schoolYear, subject, kimGrade, primary);
  }
  progress(rowsRead: number): void { this.rowsRead = rowsRead; this.onProgress?.(rowsRead); }

  get recordCount(): number {
    return this.pupils.length + this.journal.length + this.aggregates.length + this.schools.length + this.scales.length + this.targets.length + this.taskInfo.length + this.codes.length
      + this.programmes.length + this.indicators.length + this.reported.length + this.measures.length;
  }
}
