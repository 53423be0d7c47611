/**
 * A table of named columns, as `readCSV` (deltaprop/data) returns it and as the
 * encoder, `split` and `crossValidate` take it. Numeric columns hold numbers,
 * categorical ones strings. The records are null-prototype objects, so a column
 * named `constructor` or `__proto__` is just a column.
 */
import { fail } from './errors.js';
export function isDataset(x) {
    return typeof x === 'object' && x !== null && Object.hasOwn(x, 'columns') && Object.hasOwn(x, 'values') && Object.hasOwn(x, 'kinds') && Object.hasOwn(x, 'rows');
}
/** A record with no prototype: column names are looked up as own keys only. */
export function record() {
    return Object.create(null);
}
/** The rows `idx` of a dataset, in that order (a new dataset; the classes stay those of the whole). */
export function takeRows(ds, idx) {
    const values = record();
    for (const name of ds.columns) {
        const column = ds.values[name];
        values[name] = idx.map((i) => column[i]);
    }
    return { ...ds, values, rows: idx.length };
}
/**
 * The class index of every row of a single categorical target (its place in
 * `classes`), or null when the dataset has no such target.
 */
export function classLabels(ds) {
    if (ds.targets.length !== 1 || !ds.classes)
        return null;
    const index = new Map(ds.classes.map((c, i) => [c, i]));
    const column = ds.values[ds.targets[0]];
    return {
        classes: ds.classes,
        labels: column.map((v, r) => {
            const i = index.get(String(v));
            if (i === undefined)
                fail('INVALID_DATA', `row ${r + 1}: class ${JSON.stringify(v)} of '${ds.targets[0]}' is not one of the dataset's classes`, { row: r + 1, column: ds.targets[0] });
            return i;
        }),
    };
}
//# sourceMappingURL=dataset.js.map