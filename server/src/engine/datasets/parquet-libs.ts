/**
 * hyparquet's reader, its codecs and its writer, as one leaf loaded on first use by
 * parquet.ts (the server bundle carries it as its own file, dist/lazy/parquet.js): only a
 * Parquet dataset needs them, and the server parsed their code at every start.
 */
export { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
export { compressors } from 'hyparquet-compressors';
export { ByteWriter, parquetWrite } from 'hyparquet-writer';
