/**
 * The words Threads and Instagram write on their own profile controls, in the languages most of their people use.
 * A hint, never the only anchor: the placement in `profile-dom.ts` works by structure in any language, and uses
 * these to confirm it has the follow control (or to learn that the page is the visitor's own profile). Each entry
 * and where it was seen: docs/site-labels.md.
 */

export interface SiteLabels {
  /** The follow control in its states: Follow, Following, Follow back, Requested. */
  follow: readonly string[];
  /** What only one's own profile shows in place of Follow: Edit profile, View archive. */
  own: readonly string[];
}

/** By BCP 47 language tag. Both sites, since Meta translates them from one catalogue and tools share the lists. */
export const LABELS: Readonly<Record<string, SiteLabels>> = {
  en: {
    follow: ['Follow', 'Following', 'Follow Back', 'Follow back', 'Requested'],
    own: ['Edit profile', 'View archive'],
  },
  de: {
    follow: ['Folgen', 'Gefolgt', 'Abonniert', 'Zurückfolgen', 'Angefragt'],
    own: ['Profil bearbeiten', 'Archiv ansehen'],
  },
  es: {
    follow: ['Seguir', 'Siguiendo', 'Seguir también', 'Solicitado'],
    own: ['Editar perfil', 'Ver archivo'],
  },
  fr: {
    follow: ['Suivre', 'Abonné(e)', 'Abonné', 'Suivi(e)', 'Suivre en retour', 'Demandé(e)', 'Demandé'],
    own: ['Modifier le profil', 'Voir l’archive', "Voir l'archive"],
  },
  it: {
    follow: ['Segui', 'Segui già', 'Segui anche tu', 'Richiesto', 'Richiesta inviata'],
    own: ['Modifica profilo', 'Visualizza archivio'],
  },
  pt: {
    follow: ['Seguir', 'Seguindo', 'A seguir', 'Seguir de volta', 'Solicitado', 'Pedido enviado'],
    own: ['Editar perfil', 'Ver arquivo'],
  },
  ja: {
    follow: [
      'フォローする',
      'フォロー',
      'フォロー中',
      'フォローバック',
      'フォローバックする',
      'リクエスト済み',
    ],
    own: ['プロフィールを編集', 'アーカイブを見る'],
  },
  ko: {
    follow: ['팔로우', '팔로잉', '맞팔로우', '맞팔로우 하기', '요청됨'],
    own: ['프로필 편집', '보관함 보기'],
  },
  'zh-Hans': {
    follow: ['关注', '正在关注', '已关注', '回关', '已请求'],
    own: ['编辑主页', '查看归档'],
  },
  'zh-Hant': {
    follow: ['追蹤', '追蹤中', '正在追蹤', '關注', '正在關注', '回追', '已請求', '已提出要求'],
    own: ['編輯個人檔案', '查看典藏'],
  },
  ru: {
    follow: [
      'Подписаться',
      'Подписки',
      'Вы подписаны',
      'Подписаться в ответ',
      'Запрошено',
      'Запрос отправлен',
    ],
    own: ['Редактировать профиль', 'Посмотреть архив'],
  },
  tr: {
    follow: [
      'Takip Et',
      'Takip Ediyorsun',
      'Takiptesin',
      'Sen de Takip Et',
      'Geri Takip Et',
      'İstendi',
      'İstek Gönderildi',
    ],
    own: ['Profili düzenle', 'Arşivi gör'],
  },
  nl: {
    follow: ['Volgen', 'Volgend', 'Terugvolgen', 'Aangevraagd'],
    own: ['Profiel bewerken', 'Archief bekijken'],
  },
  pl: {
    follow: ['Obserwuj', 'Obserwujesz', 'Obserwowanie', 'Również obserwuj', 'Wysłano prośbę'],
    own: ['Edytuj profil', 'Wyświetl archiwum'],
  },
};

/** Case, width and spacing do not matter: "Follow back" and "Follow Back" are one label. */
export function normalizeLabel(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en-US');
}

const labelSet = (pick: (labels: SiteLabels) => readonly string[]): ReadonlySet<string> =>
  new Set(Object.values(LABELS).flatMap((labels) => pick(labels).map(normalizeLabel)));

const FOLLOW = labelSet((labels) => labels.follow);
const OWN = labelSet((labels) => labels.own);

/** Whether `text` is one of the follow control's labels, in any language of the table. */
export function isFollowLabel(text: string): boolean {
  return FOLLOW.has(normalizeLabel(text));
}

/** Whether `text` names a control only one's own profile shows (Edit profile, View archive), in any language. */
export function isOwnProfileLabel(text: string): boolean {
  return OWN.has(normalizeLabel(text));
}
