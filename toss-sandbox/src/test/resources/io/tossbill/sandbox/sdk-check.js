// Runs the SDK stand-in with minimal browser stand-ins; prints one line per check.
global.window = global;
global.document = { currentScript: { src: 'http://127.0.0.1:8080/toss-sandbox/v2/standard' } };
let assigned = null;
global.location = { href: 'http://127.0.0.1:8080/shop', assign: (url) => { assigned = url; } };
require(process.argv[2]);
const out = [];
const name = (f) => { try { f(); return 'no error'; } catch (e) { return e.name + '/' + e.code; } };
out.push('secretClientKey ' + name(() => TossPayments('test_sk_abc')));
out.push('badClientKey ' + name(() => TossPayments('abc')));
const tossPayments = TossPayments('test_ck_abc');
out.push('anonymous ' + name(() => tossPayments.payment({ customerKey: '@@ANONYMOUS' })));
out.push('secretCustomerKey ' + name(() => tossPayments.payment({ customerKey: 'test_sk_abc' })));
const payment = tossPayments.payment({ customerKey: 'cust-1' });
const rejected = (request) => payment.requestBillingAuth(request).then(() => 'resolved', (e) => e.name);
Promise.all([
  rejected({ method: 'TRANSFER', successUrl: 'http://a/s', failUrl: 'http://a/f' }),
  rejected({ method: 'CARD', successUrl: '/s', failUrl: 'http://a/f' }),
  rejected({ method: 'CARD', successUrl: 'http://a/s', failUrl: 'f' }),
  rejected({ method: 'CARD', successUrl: 'http://a/s', failUrl: 'http://a/f', windowTarget: 'popup' }),
]).then((names) => {
  out.push('rejections ' + names.join(','));
  payment.requestBillingAuth({ method: 'CARD', successUrl: 'http://a/s?x=1', failUrl: 'http://a/f', customerName: '김토스' });
  setTimeout(() => {
    out.push('assigned ' + assigned);
    console.log(out.join('\n'));
  }, 10);
});
