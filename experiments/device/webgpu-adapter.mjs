// Prints what Dawn finds: the adapter of each power preference.
const dawn = await import('webgpu');
Object.assign(globalThis, dawn.globals);
const gpu = dawn.create([]);
const a = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch((e) => String(e));
console.log('adapter', a && a.info ? JSON.stringify({ vendor: a.info.vendor, architecture: a.info.architecture, device: a.info.device, description: a.info.description, fallback: a.isFallbackAdapter }) : a);
process.exit(a && a.info ? 0 : 1);
