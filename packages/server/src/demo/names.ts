/**
 * Name material for synthetic people. Surname weights follow the order of magnitude of the 2020 census surname
 * ranking (per cent of the population); 单 (Shàn), 曾 (Zēng) and 解 (Xiè) are included on purpose because their
 * surname readings differ from the common reading and pinyin search must get them right.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 7.1], ['李', 7.0], ['张', 6.7], ['刘', 5.4], ['陈', 4.5], ['杨', 3.1], ['黄', 2.1], ['赵', 2.0], ['吴', 1.9],
  ['周', 1.9], ['徐', 1.5], ['孙', 1.4], ['马', 1.3], ['朱', 1.3], ['胡', 1.2], ['郭', 1.2], ['何', 1.1], ['林', 1.0],
  ['高', 1.0], ['罗', 0.9], ['郑', 0.9], ['梁', 0.8], ['谢', 0.8], ['宋', 0.7], ['唐', 0.7], ['许', 0.7], ['韩', 0.7],
  ['冯', 0.6], ['邓', 0.6], ['曹', 0.6], ['彭', 0.6], ['曾', 0.6], ['肖', 0.5], ['田', 0.5], ['董', 0.5], ['袁', 0.5],
  ['潘', 0.5], ['于', 0.5], ['蒋', 0.5], ['蔡', 0.5], ['余', 0.5], ['杜', 0.4], ['叶', 0.4], ['程', 0.4], ['苏', 0.4],
  ['魏', 0.4], ['吕', 0.4], ['丁', 0.4], ['任', 0.4], ['沈', 0.4], ['姚', 0.3], ['卢', 0.3], ['姜', 0.3], ['崔', 0.3],
  ['钟', 0.3], ['谭', 0.3], ['陆', 0.3], ['汪', 0.3], ['范', 0.3], ['金', 0.3], ['石', 0.3], ['廖', 0.3], ['贾', 0.3],
  ['夏', 0.3], ['韦', 0.3], ['付', 0.3], ['方', 0.3], ['白', 0.3], ['邹', 0.3], ['孟', 0.3], ['熊', 0.3], ['秦', 0.3],
  ['邱', 0.3], ['江', 0.3], ['尹', 0.3], ['薛', 0.2], ['闫', 0.2], ['段', 0.2], ['雷', 0.2], ['侯', 0.2], ['龙', 0.2],
  ['史', 0.2], ['陶', 0.2], ['黎', 0.2], ['贺', 0.2], ['顾', 0.2], ['毛', 0.2], ['郝', 0.2], ['龚', 0.2], ['邵', 0.2],
  ['万', 0.2], ['钱', 0.2], ['严', 0.2], ['武', 0.2], ['戴', 0.2], ['覃', 0.1], ['莫', 0.1], ['孔', 0.1], ['向', 0.1],
  ['汤', 0.1], ['乔', 0.1], ['单', 0.08], ['解', 0.06], ['欧阳', 0.05], ['司马', 0.01], ['诸葛', 0.01],
];

const MALE_CHARS = '伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁浩俊峰建国文志海东林亮成龙凯宇博洋晨阳帅旭轩然睿哲豪庆德荣新永忠'.split('');
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英玲燕红梅莉婷雪慧琳佳颖倩欣悦萍玉兰凤洁琴晶妍怡涵诗雨梦思琪璐瑶彤月春桂珍'.split('');
const SHARED_CHARS = '小晓文春海子一嘉金云'.split('');

/** Names typical of people born before about 1970 (时代特征名). */
const OLDER_MALE = ['建国', '建华', '国强', '国庆', '志刚', '卫东', '德明', '振华', '建军', '志强', '国华', '长林'];
const OLDER_FEMALE = ['秀英', '桂英', '淑珍', '玉兰', '桂兰', '秀兰', '凤英', '淑华', '秀珍', '玉珍', '桂芳', '秀云'];

/** Mongolian given names, used alone (no Han surname), for a share of people in Inner Mongolia. */
const MONGOLIAN_MALE = ['巴特尔', '额尔敦', '宝力道', '那日苏', '阿拉坦', '朝鲁', '巴图', '苏和', '毕力格', '图门'];
const MONGOLIAN_FEMALE = ['其其格', '斯琴', '乌兰', '苏日娜', '其木格', '萨仁', '乌云', '高娃', '塔娜', '娜仁'];

export interface NameParts {
  /** Han surname, or '' for a Mongolian name used alone. */
  readonly surname: string;
  readonly givenName: string;
}

export const NAME_POOLS = { MALE_CHARS, FEMALE_CHARS, SHARED_CHARS, OLDER_MALE, OLDER_FEMALE, MONGOLIAN_MALE, MONGOLIAN_FEMALE };
