import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { ToggleButton } from 'react-aria-components';

interface ChartCardProps {
  title: string;
  description: string;
  /** Drawn for the eye only; the table carries the same numbers for everyone. */
  chart: ReactNode;
  table: ReactNode;
  testId: string;
  wide?: boolean;
}

/**
 * One chart with its numbers as a table. The table is always in the page for screen
 * readers (visually hidden) and "Show table" puts it on screen too.
 */
export function ChartCard({ title, description, chart, table, testId, wide = false }: ChartCardProps) {
  const [isTableShown, setTableShown] = useState(false);
  const headingId = useId();
  return (
    <section
      className={`chart-card ${wide ? 'chart-card-wide' : ''}`.trim()}
      aria-labelledby={headingId}
      data-testid={testId}
    >
      <header className="chart-card-header">
        <h2 id={headingId}>{title}</h2>
        <ToggleButton
          className="button button-small"
          isSelected={isTableShown}
          onChange={setTableShown}
          aria-label={`Show “${title}” as a table`}
        >
          Show table
        </ToggleButton>
      </header>
      <p className="chart-description">{description}</p>
      <div className="chart-area" aria-hidden="true">
        {chart}
      </div>
      <div className={isTableShown ? 'chart-table' : 'visually-hidden'}>{table}</div>
    </section>
  );
}

interface DataTableProps {
  caption: string;
  columns: readonly string[];
  /** The first cell of each row names it. */
  rows: readonly (readonly (string | number)[])[];
}

export function DataTable({ caption, columns, rows }: DataTableProps) {
  return (
    <div className="table-scroll">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([head, ...cells]) => (
            <tr key={String(head)}>
              <th scope="row">{head}</th>
              {cells.map((cell, index) => (
                <td key={columns[index + 1] ?? index} className="numeric">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
