import { render } from 'preact';
import { OptionsApp } from '@/components/options/options-app';
import { createOptionsModel } from '@/components/options/options-model';
import { createFormatter } from '@/lib/words/format';
import { setPageLanguage, t, uiLocale } from '@/lib/words/i18n';
import '@/components/options/options.css';

setPageLanguage();
const f = createFormatter(uiLocale(), t);
const model = createOptionsModel(f);
void model.ready.then(() => render(<OptionsApp model={model} f={f} />, document.getElementById('app')!));
