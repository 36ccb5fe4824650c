import { selectBackend } from "../../../packages/core/src/backend/select-backend";
await selectBackend('auto');
try { await selectBackend('tensorflow'); } catch (e) { console.log(String(e)); }
try { await selectBackend('gpu'); } catch (e) { console.log(String(e)); }
