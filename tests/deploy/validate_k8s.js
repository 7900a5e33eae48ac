// Validates the Kubernetes manifests of deploy/k8s:
//  1. every document against the Kubernetes API schema of its kind
//     (kubernetes-models, the OpenAPI schemas compiled for ajv);
//  2. what a schema cannot see: each opmon binary accepts every flag and
//     environment variable the manifests give it (from its --help), probes
//     and Service ports name declared container ports, the termination grace
//     exceeds the drain, every Deployment has a headless Service and a
//     PodDisruptionBudget selecting its pods, and every Secret, ConfigMap
//     and key referenced is defined.
// Usage: node validate_k8s.js MANIFEST_DIR BUILD_DIR   (exit 1 listing every problem)
"use strict";
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

let YAML;
let models;
try {
  YAML = require("yaml");
  models = require("kubernetes-models");
} catch (e) {
  console.error("validate_k8s: the npm packages are missing; run scripts/bootstrap.sh (npm ci in tests/deploy)");
  process.exit(2);
}

const [dir, buildDir] = process.argv.slice(2);
if (!dir || !buildDir) {
  console.error("usage: node validate_k8s.js MANIFEST_DIR BUILD_DIR");
  process.exit(2);
}
const problems = [];
const problem = (where, what) => problems.push(`${where}: ${what}`);

// --- 1. parse and schema-validate every document --------------------------
const docs = [];
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  for (const doc of YAML.parseAllDocuments(text)) {
    if (doc.errors.length) {
      problem(file, `YAML: ${doc.errors[0].message}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null) continue;
    const where = `${file} ${obj.kind}/${obj.metadata && obj.metadata.name}`;
    docs.push({ file, where, obj });
  }
}

function modelFor(apiVersion, kind) {
  // "apps/v1" -> models["apps"] ... kubernetes-models exports per group path.
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const modulePath = group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  try {
    return require(modulePath)[kind];
  } catch (e) {
    return undefined;
  }
}

for (const { where, obj } of docs) {
  if (!obj.apiVersion || !obj.kind) {
    problem(where, "no apiVersion or kind");
    continue;
  }
  const Model = modelFor(obj.apiVersion, obj.kind);
  if (!Model) {
    problem(where, `unknown kind ${obj.apiVersion} ${obj.kind}`);
    continue;
  }
  try {
    new Model(obj).validate();
  } catch (e) {
    problem(where, `schema: ${e.message}`);
  }
  if (!obj.metadata || !obj.metadata.name) problem(where, "no metadata.name");
  if (obj.kind !== "Namespace" && (!obj.metadata || obj.metadata.namespace !== "opmon")) {
    problem(where, "not in namespace opmon");
  }
}

// --- 2. what the schema cannot see -----------------------------------------
const byKind = (kind) => docs.filter((d) => d.obj.kind === kind);
const secrets = new Map(byKind("Secret").map((d) => [d.obj.metadata.name, { ...(d.obj.data || {}), ...(d.obj.stringData || {}) }]));
const configMaps = new Map(byKind("ConfigMap").map((d) => [d.obj.metadata.name, d.obj.data || {}]));

const helpCache = new Map();
// Flags and "Env:" names from `BINARY [SUBCOMMAND...] --help` (opmonctl's
// subcommands add their own flags to the top-level ones).
function binaryHelp(command, subcommands) {
  const base = path.basename(command);
  const built =
    base === "opmonctl" ? path.join(buildDir, "clients/opmonctl/opmonctl") : path.join(buildDir, "services", base.replace(/^opmon-/, ""), base);
  const key = [built, ...subcommands].join(" ");
  if (!helpCache.has(key)) {
    let text = "";
    for (const words of [[], subcommands]) {
      if (words === subcommands && !subcommands.length) continue;
      try {
        text += execFileSync(built, [...words, "--help"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      } catch (e) {
        text += (e.stdout || "") + (e.stderr || "");
      }
    }
    const flags = new Set(text.match(/--[a-z][a-z0-9-]*/g) || []);
    const env = new Set((text.match(/Env:[A-Z0-9_]+/g) || []).map((s) => s.slice(4)));
    helpCache.set(key, { flags, env, found: text.length > 0 });
  }
  return helpCache.get(key);
}

function checkSecretRef(where, name, key) {
  if (!secrets.has(name)) problem(where, `Secret ${name} is not defined`);
  else if (key !== undefined && !(key in secrets.get(name))) problem(where, `Secret ${name} has no key ${key}`);
}

function checkPodSpec(where, spec) {
  const containers = [...(spec.initContainers || []), ...(spec.containers || [])];
  const volumes = new Map((spec.volumes || []).map((v) => [v.name, v]));
  for (const v of volumes.values()) {
    if (v.secret) {
      for (const item of v.secret.items || []) checkSecretRef(`${where} volume ${v.name}`, v.secret.secretName, item.key);
      if (!(v.secret.items || []).length) checkSecretRef(`${where} volume ${v.name}`, v.secret.secretName);
    }
  }
  for (const c of containers) {
    const cw = `${where} container ${c.name}`;
    for (const m of c.volumeMounts || []) if (!volumes.has(m.name)) problem(cw, `mounts undefined volume ${m.name}`);
    for (const e of c.env || []) {
      if (e.valueFrom && e.valueFrom.secretKeyRef) checkSecretRef(cw, e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    }
    for (const f of c.envFrom || []) {
      if (f.configMapRef && !configMaps.has(f.configMapRef.name)) problem(cw, `ConfigMap ${f.configMapRef.name} is not defined`);
    }
    const command = (c.command || [])[0] || "";
    if (!/\/(opmon-[a-z]+|opmonctl)$/.test(command)) continue;
    const args = [...(c.command || []).slice(1), ...(c.args || [])];
    const help = binaryHelp(command, args.filter((a) => !a.startsWith("-")));
    if (!help.found) {
      problem(cw, `cannot run the built ${path.basename(command)} --help (is ${buildDir} built?)`);
      continue;
    }
    for (const a of args) {
      const flag = a.startsWith("--") ? a.split("=")[0] : null;
      if (flag && !help.flags.has(flag)) problem(cw, `${path.basename(command)} has no flag ${flag}`);
    }
    const envNames = [...(c.env || []).map((e) => e.name)];
    for (const f of c.envFrom || []) if (f.configMapRef) envNames.push(...Object.keys(configMaps.get(f.configMapRef.name) || {}));
    for (const name of envNames) {
      if (name !== "HOME" && !help.env.has(name)) problem(cw, `${path.basename(command)} reads no variable ${name}`);
    }
    const ports = new Map((c.ports || []).map((p) => [p.name, p.containerPort]));
    const portNumbers = new Set(ports.values());
    for (const probeName of ["readinessProbe", "livenessProbe", "startupProbe"]) {
      const probe = c[probeName];
      if (!probe) continue;
      const port = (probe.grpc || probe.httpGet || probe.tcpSocket || {}).port;
      if (port !== undefined && !portNumbers.has(port) && !ports.has(port)) problem(cw, `${probeName} port ${port} is not a container port`);
    }
    if (command.includes("opmon-")) {
      if (!c.readinessProbe || !c.livenessProbe) problem(cw, "a service needs readiness and liveness probes");
      const grace = args.map((a) => /^--shutdown-grace=(\d+(\.\d+)?)$/.exec(a)).find(Boolean);
      if (!grace) problem(cw, "no --shutdown-grace=N");
      else if (!(spec.terminationGracePeriodSeconds > Number(grace[1]))) {
        problem(cw, `terminationGracePeriodSeconds ${spec.terminationGracePeriodSeconds} must exceed --shutdown-grace ${grace[1]}`);
      }
      const health = args.map((a) => /^--health-listen=.*:(\d+)$/.exec(a)).find(Boolean);
      if (!health || (c.readinessProbe && (c.readinessProbe.grpc || {}).port !== Number(health[1]))) {
        problem(cw, "the readiness probe must be a gRPC probe on the --health-listen port");
      }
      if (!c.resources || !c.resources.requests) problem(cw, "no resource requests");
    }
  }
}

const matches = (selector, labels) => Object.entries(selector || {}).every(([k, v]) => labels[k] === v);

for (const { where, obj } of byKind("Deployment")) {
  const pod = obj.spec.template;
  checkPodSpec(where, pod.spec);
  const labels = pod.metadata.labels || {};
  if (!matches(obj.spec.selector.matchLabels, labels)) problem(where, "selector does not match the pod labels");
  const svc = byKind("Service").find((s) => matches(s.obj.spec.selector, labels) && Object.keys(s.obj.spec.selector || {}).length);
  if (!svc) problem(where, "no Service selects its pods");
  else {
    if (svc.obj.spec.clusterIP !== "None") problem(svc.where, "must be headless (clusterIP: None) for client-side balancing");
    const named = new Set(pod.spec.containers.flatMap((c) => (c.ports || []).map((p) => p.name)));
    for (const p of svc.obj.spec.ports) if (typeof p.targetPort === "string" && !named.has(p.targetPort)) problem(svc.where, `targetPort ${p.targetPort} is not a container port of ${obj.metadata.name}`);
  }
  if (!byKind("PodDisruptionBudget").some((p) => matches(p.obj.spec.selector.matchLabels, labels))) problem(where, "no PodDisruptionBudget");
}
for (const { where, obj } of [...byKind("Job"), ...byKind("CronJob")]) {
  const template = obj.kind === "Job" ? obj.spec.template : obj.spec.jobTemplate.spec.template;
  checkPodSpec(where, template.spec);
}
for (const { where, obj } of byKind("HorizontalPodAutoscaler")) {
  const t = obj.spec.scaleTargetRef;
  if (!docs.some((d) => d.obj.kind === t.kind && d.obj.metadata.name === t.name)) problem(where, `scale target ${t.kind}/${t.name} is not defined`);
}

for (const kind of ["Namespace", "ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget", "Job", "HorizontalPodAutoscaler", "CronJob"]) {
  if (!byKind(kind).length) problem(dir, `no ${kind}`);
}

if (problems.length) {
  for (const p of problems) console.error(`validate_k8s: ${p}`);
  process.exit(1);
}
console.log(`validate_k8s: ${docs.length} documents valid`);
