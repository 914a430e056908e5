// The guest driver's IPA command channel: one command outstanding at a time (the driver
// waits for each reply, qeth_send_control_data), with the retry loop of
// qeth_l3_register_addr_entry for SETIP/SETIPM: "do { ... } while ((--cnt > 0) && rc)"
// with cnt = 3, i.e. up to three attempts whatever the return code.
import type { DeviceContext } from '../../sim/device';
import { buildIpaFrame, type IpaCommand } from './ipa-frame';
import { describeIpa } from './osa-ipa';
import { rcFor, hexRc } from './ipa-codes';
import * as say from './words';

export interface IpaRequest {
  readonly c: IpaCommand;
  /** 3 for SETIP/SETIPM (qeth_l3_register_addr_entry), 1 otherwise. */
  readonly attempts: number;
  /** Kernel function that issues it, for the step's source. */
  readonly source: string;
  readonly done: (rc: number, ctx: DeviceContext, reply: IpaCommand) => void;
  /** What the issuing function hands its caller once the reply is final: the reply callback's errno. */
  readonly returns?: { readonly to: string; readonly errno: (rc: number) => number };
}

export class IpaQueue {
  private readonly q: { req: IpaRequest; attempt: number }[] = [];
  private busy = false;
  private seqno = 1;

  constructor(private readonly port: string) {}

  get pending(): number {
    return this.q.length;
  }

  submit(ctx: DeviceContext, req: IpaRequest): void {
    this.q.push({ req, attempt: 1 });
    if (!this.busy) this.sendHead(ctx);
  }

  /** The channel went away: outstanding commands are lost (the driver re-registers on recovery). */
  clear(): void {
    this.q.length = 0;
    this.busy = false;
  }

  private sendHead(ctx: DeviceContext): void {
    const head = this.q[0];
    if (!head) {
      this.busy = false;
      return;
    }
    this.busy = true;
    const c = { ...head.req.c, seqno: this.seqno++ };
    const of = head.req.attempts > 1 ? ` (attempt ${head.attempt} of ${head.req.attempts})` : '';
    ctx.send(this.port, buildIpaFrame(c), {
      decision: say.driverSendsIpaCard(describeIpa(c), of),
      source: head.req.source,
      layer: 'control',
      detail: { ipa: { cmd: describeIpa(c), attempt: head.attempt } },
    });
  }

  /** The value the command's caller gets when `reply` is its final answer (no retry follows). */
  answerOf(reply: IpaCommand): { errno: number; to: string } | undefined {
    const head = this.q[0];
    if (!head?.req.returns || (reply.rc !== 0 && head.attempt < head.req.attempts)) return undefined;
    return { errno: head.req.returns.errno(reply.rc), to: head.req.returns.to };
  }

  /** A reply arrived: retry, or finish this command and send the next. */
  onReply(ctx: DeviceContext, reply: IpaCommand): void {
    const rc = reply.rc;
    const head = this.q[0];
    if (!head) return;
    if (rc !== 0 && head.attempt < head.req.attempts) {
      head.attempt++;
      ctx.note('decide', {
        decision: say.cardRefusedQethL3(hexRc(rc), rcFor(head.req.c.cmd, rc).name, head.attempt, head.req.attempts),
        source: 'qeth_l3_register_addr_entry (qeth_l3_main.c)',
        layer: 'control',
      });
      this.sendHead(ctx);
      return;
    }
    this.q.shift();
    head.req.done(rc, ctx, reply);
    this.sendHead(ctx);
  }
}
