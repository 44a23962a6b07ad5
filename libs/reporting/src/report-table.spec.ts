import { amountColumn, countColumn, figuresTable, tableCsv, textColumn } from './report-table';

describe('tables of figures', () => {
  const table = figuresTable({
    id: 'lieux',
    title: 'Chèques utilisés par lieu',
    columns: [
      textColumn('label', 'Lieu'),
      textColumn('commune', 'Commune'),
      countColumn('cheques', 'Chèques utilisés'),
      amountColumn('amount'),
    ],
    rows: [
      { label: 'Médiathèque', commune: 'Bordeaux', cheques: 3, amount: 3000 },
      { label: 'Lieu « B »', commune: 'Mérignac', cheques: 2, amount: 3050 },
    ],
    withTotal: true,
  });

  it('adds up every count and amount column in its total row, and is not about people', () => {
    expect(table.aboutPeople).toBe(false);
    expect(table.total).toEqual({ label: 'Total', cheques: 5, amount: 6050 });
    expect(figuresTable({ id: 'x', title: 'X', columns: table.columns, rows: table.rows }).total).toBeUndefined();
  });

  it('writes its CSV with a BOM, a header of the column labels, euros with a dot, the total last', () => {
    expect(tableCsv(table)).toBe(
      '\uFEFF"Lieu","Commune","Chèques utilisés","Montant (€)"\r\n"Médiathèque","Bordeaux","3","30.00"\r\n' +
        '"Lieu « B »","Mérignac","2","30.50"\r\n"Total",,"5","60.50"\r\n',
    );
  });

  it('writes excel-fr with semicolons and euros with a comma, and neutralises a label a spreadsheet would run', () => {
    const hostile = { ...table, rows: [{ ...table.rows[0], label: '=HYPERLINK("https://x.example")' }, table.rows[1]] };
    expect(tableCsv(hostile, 'excel-fr')).toBe(
      '\uFEFF"Lieu";"Commune";"Chèques utilisés";"Montant (€)"\r\n"\'=HYPERLINK(""https://x.example"")";"Bordeaux";"3";"30,00"\r\n' +
        '"Lieu « B »";"Mérignac";"2";"30,50"\r\n"Total";;"5";"60,50"\r\n',
    );
  });
});
