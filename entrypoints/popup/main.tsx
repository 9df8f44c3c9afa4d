import { render } from 'preact';
import { PopupApp } from '@/components/popup-app';
import { createPopupModel } from '@/components/popup-model';
import '@/components/theme.css';
import '@/components/popup.css';

render(<PopupApp model={createPopupModel()} />, document.getElementById('app')!);
