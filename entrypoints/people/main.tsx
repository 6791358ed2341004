import { render } from 'preact';
import { listIdFrom, PeopleApp } from '@/components/people/PeopleApp';
import '@/components/shared/extension-page.css';
import '@/components/people/people.css';

render(<PeopleApp listId={listIdFrom(location.search)} />, document.getElementById('app')!);
