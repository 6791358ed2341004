/**
 * The sandbox's Threads and Instagram in other interface languages. Both sites take the language from the
 * `?hl=` parameter (a real parameter of both: `?hl=de`) and translate every label and aria-label, which is what
 * Homeward must survive (docs/sites.md, "Profile headers"). The follow controls' words are the ones the live
 * sites show, as listed in docs/site-labels.md; the rest of the copy is ordinary translation, only there so that
 * no English is left for the extension to lean on.
 */

import { escapeHtml } from '../http';
import { htmlOf, type Html } from './template';

export const SITE_LANGUAGES = ['en', 'de', 'ja', 'pt'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];

export interface SiteCopy {
  follow: string;
  message: string;
  mention: string;
  editProfile: string;
  viewArchive: string;
  similarAccounts: string;
  options: string;
  linkIcon: string;
  posts(count: string): string;
  followers(count: string): string;
  following(count: string): string;
  profilePicture(username: string): string;
  highlight(name: string): string;
  moreLinks(first: string, more: number): string;
  threadsTabs: { threads: string; replies: string; media: string; reposts: string };
  instagramTabs: { posts: string; reels: string; tagged: string };
  /** Threads' logged-out prompts and Instagram's login prompt. */
  sayMore: string;
  continueWithInstagram: string;
  loginTitle: string;
  appExperience: string;
  instagramSignUp: string;
  logIn: string;
  signUp: string;
  close: string;
}

const COPY: Record<SiteLanguage, SiteCopy> = {
  en: {
    follow: 'Follow',
    message: 'Message',
    mention: 'Mention',
    editProfile: 'Edit profile',
    viewArchive: 'View archive',
    similarAccounts: 'Similar accounts',
    options: 'Options',
    linkIcon: 'Link icon',
    posts: (n) => `${n} posts`,
    followers: (n) => `${n} followers`,
    following: (n) => `${n} following`,
    profilePicture: (u) => `${u}'s profile picture`,
    highlight: (name) => `View ${name} highlight`,
    moreLinks: (first, more) => `${first} and ${more} more`,
    threadsTabs: { threads: 'Threads', replies: 'Replies', media: 'Media', reposts: 'Reposts' },
    instagramTabs: { posts: 'Posts', reels: 'Reels', tagged: 'Tagged' },
    sayMore: 'Say more with Threads',
    continueWithInstagram: 'Continue with Instagram',
    loginTitle: 'Log in or sign up for Threads',
    appExperience: 'Get the full app experience',
    instagramSignUp: 'Sign up to see photos and videos from your friends.',
    logIn: 'Log in',
    signUp: 'Sign up',
    close: 'Close',
  },
  de: {
    follow: 'Folgen',
    message: 'Nachricht senden',
    mention: 'Erwähnen',
    editProfile: 'Profil bearbeiten',
    viewArchive: 'Archiv ansehen',
    similarAccounts: 'Ähnliche Konten',
    options: 'Optionen',
    linkIcon: 'Link-Symbol',
    posts: (n) => `${n} Beiträge`,
    followers: (n) => `${n} Follower`,
    following: (n) => `${n} gefolgt`,
    profilePicture: (u) => `Profilbild von ${u}`,
    highlight: (name) => `Highlight ${name} ansehen`,
    moreLinks: (first, more) => `${first} und ${more} weitere`,
    threadsTabs: { threads: 'Threads', replies: 'Antworten', media: 'Medien', reposts: 'Reposts' },
    instagramTabs: { posts: 'Beiträge', reels: 'Reels', tagged: 'Markiert' },
    sayMore: 'Sag mehr mit Threads',
    continueWithInstagram: 'Mit Instagram fortfahren',
    loginTitle: 'Melde dich bei Threads an oder registriere dich',
    appExperience: 'Hol dir das volle App-Erlebnis',
    instagramSignUp: 'Registriere dich, um Fotos und Videos deiner Freunde zu sehen.',
    logIn: 'Anmelden',
    signUp: 'Registrieren',
    close: 'Schließen',
  },
  ja: {
    follow: 'フォローする',
    message: 'メッセージを送信',
    mention: 'メンション',
    editProfile: 'プロフィールを編集',
    viewArchive: 'アーカイブを見る',
    similarAccounts: 'おすすめ',
    options: 'オプション',
    linkIcon: 'リンクアイコン',
    posts: (n) => `投稿${n}件`,
    followers: (n) => `フォロワー${n}人`,
    following: (n) => `フォロー中${n}人`,
    profilePicture: (u) => `${u}のプロフィール写真`,
    highlight: (name) => `ハイライト「${name}」を見る`,
    moreLinks: (first, more) => `${first}、他${more}件`,
    threadsTabs: { threads: 'スレッド', replies: '返信', media: 'メディア', reposts: 'リポスト' },
    instagramTabs: { posts: '投稿', reels: 'リール', tagged: 'タグ付け' },
    sayMore: 'Threadsでもっと語ろう',
    continueWithInstagram: 'Instagramで続行',
    loginTitle: 'Threadsにログインまたは登録',
    appExperience: 'アプリですべての機能を利用',
    instagramSignUp: '登録して友達の写真や動画をチェックしよう。',
    logIn: 'ログイン',
    signUp: '登録する',
    close: '閉じる',
  },
  pt: {
    follow: 'Seguir',
    message: 'Enviar mensagem',
    mention: 'Mencionar',
    editProfile: 'Editar perfil',
    viewArchive: 'Ver arquivo',
    similarAccounts: 'Contas semelhantes',
    options: 'Opções',
    linkIcon: 'Ícone de link',
    posts: (n) => `${n} publicações`,
    followers: (n) => `${n} seguidores`,
    following: (n) => `${n} seguindo`,
    profilePicture: (u) => `Foto do perfil de ${u}`,
    highlight: (name) => `Ver destaque ${name}`,
    moreLinks: (first, more) => `${first} e mais ${more}`,
    threadsTabs: { threads: 'Threads', replies: 'Respostas', media: 'Mídia', reposts: 'Republicações' },
    instagramTabs: { posts: 'Publicações', reels: 'Reels', tagged: 'Marcados' },
    sayMore: 'Diga mais com o Threads',
    continueWithInstagram: 'Continuar com o Instagram',
    loginTitle: 'Entre ou cadastre-se no Threads',
    appExperience: 'Tenha a experiência completa do app',
    instagramSignUp: 'Cadastre-se para ver fotos e vídeos dos seus amigos.',
    logIn: 'Entrar',
    signUp: 'Cadastre-se',
    close: 'Fechar',
  },
};

/** `?hl=de-DE` → `de`; anything the sandbox does not translate → English, as the sites fall back. */
export function siteLanguage(hl: string | null | undefined): SiteLanguage {
  const base = (hl ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (SITE_LANGUAGES as readonly string[]).includes(base) ? (base as SiteLanguage) : 'en';
}

export function siteCopy(language: SiteLanguage): SiteCopy {
  return COPY[language];
}

/**
 * A counter's text ("N posts", "フォロワーN人") in its language, with the number as the site's own markup `number`
 * wherever the language puts it.
 */
export function aroundCount(text: (count: string) => string, number: Html): Html {
  const [before = '', after = ''] = text('\u0000').split('\u0000');
  return htmlOf(`${escapeHtml(before)}${number.markup}${escapeHtml(after)}`);
}
