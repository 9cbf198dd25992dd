/**
 * Child process for the crash-safety soak: appends audit entries as fast as it can
 * and reports each one only after its transaction committed ("ack <seq>"). The
 * parent kills it with SIGKILL at random moments. The key arrives on stdin.
 */
import { once } from 'node:events';
import { appendAudit } from '../../audit/auditLog.node.ts';
import { openEncryptedDatabase } from '../database.node.ts';
import { migrate } from '../migrate.node.ts';

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: crashWriter.node.ts DATABASE_FILE < key-hex');
let keyHex = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) keyHex += chunk as string;
const db = openEncryptedDatabase(file, Buffer.from(keyHex.trim(), 'hex'), { create: true });
migrate(db);

for (let n = 0; ; n++) {
  const entry = appendAudit(db, { action: 'record.created', details: { n } });
  if (!process.stdout.write(`ack ${entry.seq}\n`)) await once(process.stdout, 'drain');
}
