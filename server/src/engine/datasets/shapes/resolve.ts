import { DatasetError } from '../rows';
import { formatNames, shapeNamed } from './index';

export { detectShape } from './index';

export function resolveShapeOrThrow(format: string) {
  const shape = shapeNamed(format);
  if (!shape) throw new DatasetError(`--format must be one of ${formatNames().join(', ')} (or auto), not "${format}".`);
  return shape;
}
