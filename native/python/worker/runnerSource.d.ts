// esbuild bundles runner.py into the interpreter worker as text (loader ".py": "text").
declare module "*.py" {
  const source: string;
  export default source;
}
