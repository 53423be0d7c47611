// Types of the Papa Parse copy that the build writes to dist/vendor (scripts/vendor-papaparse.mjs).
declare const Papa: {
  Parser: new (config: {
    delimiter: string;
    newline: string;
  }) => {
    parse(
      input: string,
      baseIndex: number,
      ignoreLastRow: boolean,
    ): { data: string[][]; errors: { message: string; row?: number }[]; meta: { cursor: number } };
  };
};
export default Papa;
