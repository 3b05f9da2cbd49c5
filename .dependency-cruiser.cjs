// The import graph of src/ must read top-down along the data path, with no
// cycles: `npm test` runs `depcruise` with these rules.
// Each layer may import the layers after it, never one before it.
const LAYERS = [
  ["cli"],
  ["daemon", "setup", "dev"],
  ["supervisor", "front"],
  ["core"],
  ["pool"],
  ["upstream", "plugins"],
  ["balance", "protocol", "metrics"],
  ["config"],
  ["routes", "runtime"],
  ["validation"],
];

const above = (i) => LAYERS.slice(0, i).flat();
const layerRules = LAYERS.flatMap((folders, i) =>
  i === 0
    ? []
    : folders.map((folder) => ({
        name: `${folder}-imports-upward`,
        comment: `src/${folder} sits below ${above(i).join(", ")} and must not import them`,
        severity: "error",
        from: { path: `^src/${folder}/` },
        to: { path: `^src/(${above(i).join("|")})/` },
      })),
);

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "an import cycle makes modules load half-initialised and hides the architecture",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    includeOnly: "^src/",
  },
};
