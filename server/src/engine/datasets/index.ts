export * from './types';
export { readDataset, skippedLine, resolveFormat, unknownShapeMessage, DatasetError, type PlacedRecord, type ReadOptions, type SkippedRecord } from './read';
export { detectContainer } from './rows';
export { formatNames, SHAPES, shapeNamed, detectShape } from './shapes';
export { writeParquetAtomic, openParquet } from './parquet';
export { readProblems, type ProblemRecord } from './problems';
