// ВПР primary → mark lookup, keyed by (school year, subject, КИМ grade). Rows come from the store's versioned
// scale table (seeded from store/seeds/ and extended by uploaded scale files).
export interface VprScale {
  schoolYear: string;
  subject: string;
  kimGrade: number;
  mark3Min: number;
  mark4Min: number;
  mark5Min: number;
  maxScore: number | null;
}

export class VprScaleTable {
  private byKey = new Map<string, VprScale>();
  constructor(rows: VprScale[]) {
    for (const r of rows) this.byKey.set(`${r.schoolYear}|${r.subject}|${r.kimGrade}`, r);
  }
  get(schoolYear: string, subject: string, kimGrade: number): VprScale | undefined {
    return this.byKey.get(`${schoolYear}|${subject}|${kimGrade}`);
  }
  mark(schoolYear: string, subject: string, kimGrade: number, primary: number): number | null {
    const s = this.get(schoolYear, subject, kimGrade);
    if (!s) return null;
    return primary >= s.mark5Min ? 5 : primary >= s.mark4Min ? 4 : primary >= s.mark3Min ? 3 : 2;
  }
}
