// Entry point: apply the theme before the first paint, read saved progress, mount the shell.
import { mount } from 'svelte';
import App from './app/App.svelte';
import { theme } from './app/shell/theme.svelte';
import { progress } from './app/progress/progress.svelte';
import './app/shell/global.css';

theme.init();
progress.init();
mount(App, { target: document.getElementById('app')! });
