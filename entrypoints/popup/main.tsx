import { render } from 'preact';
render(<h1>Homeward</h1>, document.getElementById('app')!);
