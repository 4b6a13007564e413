// Reads one flowlens dataset with DuckDB, independently of the Java writers, and prints JSON:
// { parquetColumns: [{name, type}], parquetRows: [...], csvRows: [...] }, rows ordered by the key column.
// usage: node read-dataset.mjs OUT DATASET KEY_COLUMNS CSV_COLUMNS_JSON   (KEY_COLUMNS: comma-separated)
//   CSV_COLUMNS_JSON maps every column to its DuckDB type, e.g. {"flow_id":"VARCHAR","packet_count":"BIGINT"}
import { DuckDBInstance } from '@duckdb/node-api';

const [out, dataset, keys, csvColumnsJson] = process.argv.slice(2);
if (!csvColumnsJson) {
  console.error('usage: node read-dataset.mjs OUT DATASET KEY_COLUMN CSV_COLUMNS_JSON');
  process.exit(2);
}
const sqlText = (s) => `'${s.replaceAll("'", "''")}'`;
const ident = (s) => `"${s.replaceAll('"', '""')}"`;
const orderBy = keys.split(',').map(ident).join(', ');
const glob = (ext) => sqlText(`${out}/${dataset}/**/*.${ext}`);
const csvColumns = Object.entries(JSON.parse(csvColumnsJson))
  .map(([name, type]) => `${sqlText(name)}: ${sqlText(type)}`).join(', ');

const connection = await (await DuckDBInstance.create(':memory:')).connect();
const rows = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson();

const parquet = `read_parquet(${glob('parquet')}, hive_partitioning = true)`;
// Quoted empty fields stay empty strings: flowlens writes unknown as an empty field and "" as a quoted one.
const csv = `read_csv(${glob('csv')}, header = true, hive_partitioning = true, delim = ',', quote = '"', escape = '"',
  allow_quoted_nulls = false, columns = {${csvColumns}})`;

const result = {
  parquetColumns: (await rows(`DESCRIBE SELECT * FROM ${parquet}`))
    .map((r) => ({ name: r.column_name, type: r.column_type })),
  parquetRows: await rows(`SELECT * FROM ${parquet} ORDER BY ${orderBy}`),
  csvRows: await rows(`SELECT * FROM ${csv} ORDER BY ${orderBy}`),
};
process.stdout.write(JSON.stringify(result));
