/**
 * The Lovelace Support help center: the articles the demo site renders and the simulated AI Agent answers from.
 * Plain data. `body` is markdown limited to paragraphs, `**bold**` and `-`/`1.` lists, separated by blank lines.
 */

/** One help-center article. */
export interface Article {
  /** URL segment: the article lives at `/articles/<slug>`. */
  slug: string;
  title: string;
  /** One or two sentences; shown in listings and used as the short answer. */
  summary: string;
  /** Markdown paragraphs and lists separated by blank lines. */
  body: string;
  /** Words and phrases (lowercase) that point to this article. */
  keywords: string[];
  /** The article's title, short answer and search words in Arabic, so an Arabic question finds it and is answered in Arabic. */
  ar: { title: string; summary: string; keywords: string[] };
}

/** Every article of the help center, in the order the site lists them. */
export const articles: Article[] = [
  {
    slug: 'reset-your-password',
    title: 'Reset your Lovelace password',
    summary: 'Forgot your password? Request a reset link from the sign-in screen; it arrives within a few minutes and works for one hour.',
    body: [
      'You can reset your password from the Lovelace app or from **lovelace.example/signin** on the web.',
      '1. On the sign-in screen, choose **Forgot password?**\n2. Enter the email address you signed up with.\n3. Open the email titled "Reset your Lovelace password" and tap **Choose a new password**.\n4. Pick a password of at least 10 characters and sign in again on each device.',
      'The reset link works **for one hour** and only once. If it has expired, simply request a new one.',
      'No email after 10 minutes? Check your spam or promotions folder, and make sure you used the address on your account. If you signed up with Google or Apple, use that button to sign in instead: there is no separate Lovelace password to reset.',
      'For your security, resetting your password signs you out of every device. Your notebooks are not affected; they sync again as soon as you sign back in.',
    ].join('\n\n'),
    keywords: ['password', 'reset', 'forgot', 'sign in', 'signin', 'login', 'log in', 'locked out', 'reset link', 'account access', 'credentials'],
    ar: { title: 'إعادة تعيين كلمة مرور Lovelace', summary: 'نسيت كلمة المرور؟ اطلب رابط إعادة التعيين من شاشة تسجيل الدخول؛ يصل خلال دقائق ويعمل لمدة ساعة واحدة.', keywords: ['كلمة المرور', 'كلمة السر', 'نسيت', 'إعادة تعيين', 'تسجيل الدخول', 'الدخول', 'حسابي'] },
  },
  {
    slug: 'shipping-and-delivery',
    title: 'Shipping and delivery times',
    summary: 'Orders ship within 1 business day. Standard delivery takes 3–5 business days, Express 1–2, and international 5–10.',
    body: [
      'Every Lovelace notebook and pen ships from our warehouse **within 1 business day** of your order. You get a tracking link by email as soon as the parcel leaves.',
      '- **Standard** (free over $50): 3–5 business days\n- **Express** ($12): 1–2 business days\n- **International** ($18): 5–10 business days, duties included for the EU, UK and Canada',
      'Orders placed before 2 pm Eastern on a business day leave the same day. Weekend orders ship on Monday.',
      'If your tracking link has not updated for 3 business days, or the parcel shows as delivered but you cannot find it, tell us within 14 days and we will send a replacement or refund you.',
      'You can change the delivery address until the order ships: open **Orders** in your account and choose **Edit address**.',
    ].join('\n\n'),
    keywords: ['shipping', 'delivery', 'deliver', 'ship', 'tracking', 'track', 'parcel', 'package', 'order', 'arrive', 'express', 'international', 'when will', 'late', 'address'],
    ar: { title: 'الشحن ومواعيد التوصيل', summary: 'تُشحن الطلبات خلال يوم عمل واحد. يستغرق التوصيل العادي 3–5 أيام عمل، والسريع 1–2، والدولي 5–10.', keywords: ['توصيل', 'الطرد', 'طلبي', 'الطلب', 'تتبع', 'الشحنة', 'يصل', 'العنوان'] },
  },
  {
    slug: 'returns-and-refunds',
    title: 'Returns and refunds',
    summary: 'You can return any Lovelace product within 30 days for a full refund. Refunds reach your card 5–7 business days after we receive the return.',
    body: [
      'We offer a **30-day return window** from the day your order arrives, no questions asked, even if the notebook has been written in.',
      '1. Open **Orders** in your account and choose **Return items**.\n2. Print the prepaid label (free in the US, Canada, the UK and the EU).\n3. Drop the parcel at any carrier location within 7 days.',
      'Refunds go back to the original payment method **5–7 business days** after the return reaches us. You get an email at each step.',
      'Damaged or faulty items can be replaced instead of refunded; choose **Replace** when you start the return. Pens covered by the 2-year warranty are replaced for free even after 30 days.',
      'Gift cards and subscription fees already used are not refundable, but you can cancel a subscription at any time.',
    ].join('\n\n'),
    keywords: ['return', 'returns', 'refund', 'refunds', 'money back', 'exchange', 'replace', 'replacement', 'damaged', 'broken', 'warranty', 'send back'],
    ar: { title: 'الإرجاع واسترداد الأموال', summary: 'يمكنك إرجاع أي منتج من Lovelace خلال 30 يومًا واسترداد المبلغ كاملًا. يصل المبلغ إلى بطاقتك بعد 5–7 أيام عمل من استلامنا للمرتجع.', keywords: ['إرجاع', 'ارجاع', 'استرداد', 'استرجاع', 'المبلغ', 'أموالي', 'تالف', 'مكسور', 'استبدال'] },
  },
  {
    slug: 'sync-across-devices',
    title: 'Sync your notebooks across devices',
    summary: 'Notebooks sync automatically through your Lovelace account on every device where you are signed in; make sure sync is on and the app is up to date.',
    body: [
      'Every page you write is uploaded to your Lovelace account and appears on your other devices within a few seconds when they are online.',
      'To set up a new device:\n\n1. Install the Lovelace app (iOS, Android, macOS or Windows).\n2. Sign in with the same account.\n3. Open **Settings → Sync** and check that **Sync notebooks** is on.',
      'If a page does not appear:\n\n- Check that both devices show the same account under **Settings → Account**.\n- Pull down on the notebook list to force a sync.\n- Update the app: versions older than 4.2 cannot sync with newer ones.\n- Make sure the device has a connection; pages written offline sync as soon as it returns.',
      'Free plans sync up to **3 devices**; Plus and Pro sync unlimited devices. Conflicting edits are never lost: both versions are kept and the older one is marked **Conflict copy**.',
    ].join('\n\n'),
    keywords: ['sync', 'syncing', 'synchronize', 'devices', 'device', 'ipad', 'phone', 'tablet', 'computer', 'laptop', 'missing pages', 'not showing', 'cloud', 'backup', 'app'],
    ar: { title: 'مزامنة دفاترك بين الأجهزة', summary: 'تتم مزامنة الدفاتر تلقائيًا عبر حسابك في Lovelace على كل جهاز سجّلت الدخول فيه؛ تأكد من تفعيل المزامنة ومن تحديث التطبيق.', keywords: ['مزامنة', 'جهاز', 'الأجهزة', 'آيباد', 'هاتفي', 'الصفحات', 'الدفاتر', 'التطبيق'] },
  },
  {
    slug: 'billing-and-plans',
    title: 'Billing, plans and subscriptions',
    summary: 'Lovelace has a Free plan and two paid plans, Plus ($4/month) and Pro ($9/month). You can change or cancel your plan any time in Account → Billing.',
    body: [
      'Every notebook works with the **Free** plan: handwriting sync on up to 3 devices and 5 GB of storage.',
      '- **Plus**, $4/month or $40/year: unlimited devices, 50 GB, handwriting search\n- **Pro**, $9/month or $90/year: everything in Plus, 1 TB, transcription to text and shared notebooks',
      'To change plans, open **Account → Billing → Change plan**. Upgrades start immediately and are prorated; downgrades take effect at the end of the current billing period.',
      'To cancel, choose **Cancel subscription** on the same page. You keep your paid features until the end of the period, and your notebooks stay yours on the Free plan.',
      'Invoices are emailed after each charge and listed under **Account → Billing → Invoices**. We accept all major cards, Apple Pay and Google Pay. If a payment fails we retry three times over a week before moving the account to Free.',
    ].join('\n\n'),
    keywords: ['billing', 'bill', 'plan', 'plans', 'subscription', 'subscribe', 'cancel', 'price', 'pricing', 'cost', 'charge', 'charged', 'invoice', 'payment', 'upgrade', 'downgrade', 'pro', 'plus', 'free plan'],
    ar: { title: 'الفواتير والخطط والاشتراكات', summary: 'لدى Lovelace خطة مجانية وخطتان مدفوعتان: Plus (4 دولارات شهريًا) وPro (9 دولارات شهريًا). يمكنك تغيير خطتك أو إلغاؤها في أي وقت من الحساب ← الفوترة.', keywords: ['فاتورة', 'الفوترة', 'اشتراك', 'إلغاء', 'خطة', 'السعر', 'الدفع', 'خصم'] },
  },
  {
    slug: 'pen-battery-and-troubleshooting',
    title: 'Pen battery and troubleshooting',
    summary: 'A full charge lasts about 14 days of writing and takes 90 minutes. If the pen stops pairing or writing, charge it, restart it and re-pair it from the app.',
    body: [
      'The Lovelace Pen charges over USB-C. A full charge takes about **90 minutes** and lasts around **14 days** of normal writing. The light on the cap blinks orange below 10 %.',
      'If the pen does not turn on, charge it for at least 15 minutes with the cable that came in the box, then hold the button for 3 seconds.',
      'If the pen does not pair or pages stay blank:\n\n1. Turn Bluetooth off and on again on your phone or tablet.\n2. Restart the pen: hold the button for **10 seconds** until the light flashes white.\n3. In the app, open **Settings → Pen**, choose **Forget pen**, then pair it again.\n4. Check that the notebook is a genuine Lovelace notebook: the dot pattern is what the pen reads.',
      'If the ink runs dry, any standard D1 refill fits. Pens are covered by a **2-year warranty**; if none of the steps help, ask us for a replacement.',
    ].join('\n\n'),
    keywords: ['pen', 'battery', 'charge', 'charging', 'charger', 'pair', 'pairing', 'bluetooth', 'not working', 'turn on', 'dead', 'ink', 'refill', 'light', 'troubleshoot', 'troubleshooting', 'stylus', 'warranty'],
    ar: { title: 'بطارية القلم وحل المشكلات', summary: 'الشحن الكامل يدوم نحو 14 يومًا من الكتابة ويستغرق 90 دقيقة. إذا توقف القلم عن الاقتران أو الكتابة، اشحنه ثم أعد تشغيله وأقرنه من جديد من التطبيق. القلم مشمول بضمان لمدة سنتين.', keywords: ['القلم', 'بطارية', 'اقتران', 'بلوتوث', 'الحبر', 'ضمان'] },
  },
];
